import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, shotOf, startE2e } from "./testing/e2e-browser.ts";
import { E2E_USERS } from "./testing/start-dashboard-server.ts";

// The funnel and the evaluation pages in Chromium against the real server with demo data, plus a
// few sales verdicts so the feedback report has something to show.

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
  const services = e2e.server.app.services;
  const leads = await services.leads.list({ model: "saas-main", limit: 40 });
  if (!leads.ok) throw new Error(leads.error.detail);
  const marked = leads.value.data.filter((lead) => lead.email !== null);
  for (const [index, lead] of marked.slice(0, 8).entries()) {
    await services.leads.addFeedback({
      leadId: lead.id,
      model: "saas-main",
      verdict: index % 3 === 2 ? "bad_fit" : "good_fit",
    });
  }
  for (const lead of marked.slice(-3)) {
    await services.leads.addFeedback({ leadId: lead.id, verdict: "bad_fit" });
  }
});

afterAll(async () => {
  await e2e?.close();
});

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The number a page shows in `1,234` or `1.234` form. */
const count = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

describe("the funnel against the real server", () => {
  it("shows leads per stage with conversion and time in stage, and follows the period", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Funnel" })
      .click();
    await page.getByRole("heading", { name: "Funnel", level: 1 }).waitFor();
    const lede = page.locator(".lede");
    await expect.poll(() => lede.textContent()).toMatch(/^[\d,]+ leads identified from /);
    const ninety = count(await lede.textContent());
    expect(ninety).toBeGreaterThan(50);
    const steps = page.getByRole("list", { name: "Stages, from lead to customer" });
    expect(await steps.getByRole("listitem").count()).toBe(5);
    await expect.poll(() => steps.textContent()).toMatch(/moved on to MQL/);
    await page.getByRole("columnheader", { name: "Median time here" }).waitFor();
    await shot(page, "en-funnel");

    await page.getByLabel("Period").selectOption("last30");
    await expect.poll(() => page.url()).toContain("period=last30");
    await expect.poll(async () => count(await lede.textContent())).toBeLessThan(ninety);
    await page.getByLabel("Period").selectOption("custom");
    await page.getByLabel("From", { exact: true }).fill("2020-01-01");
    await page.getByLabel("To", { exact: true }).fill("2020-01-31");
    await page.getByRole("heading", { name: "No lead in this period" }).waitFor();
    await shot(page, "en-funnel-empty", false);
    await context.close();
  });

  it("reads in Spanish on a phone", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin, "es-ES", PHONE);
    await page.goto(`${e2e.server.origin}/funnel?model=car-dealer&period=last90`);
    await page.getByRole("heading", { name: "Embudo", level: 1 }).waitFor();
    await expect
      .poll(() => page.locator(".lede").textContent())
      .toMatch(/leads identificados del /);
    await page.getByRole("heading", { name: "Leads por etapa" }).waitFor();
    expect(await overflow(page)).toBe(0);
    await shot(page, "es-phone-funnel");
    await context.close();
  });
});

describe("the evaluation against the real server", () => {
  it("backtests one model, then compares two side by side with charts, tables and sales feedback", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Evaluation" })
      .click();
    await page.getByRole("heading", { name: "Evaluation", level: 1 }).waitFor();
    const summary = page.locator("table.compare-table");
    await expect
      .poll(() => summary.locator("thead th").allTextContents())
      .toEqual(["Measure", "car-dealer v1"]);

    await page.getByLabel(/^Model/).selectOption("saas-main");
    await page.getByLabel("Compare with").selectOption("car-dealer");
    await expect
      .poll(() => summary.locator("thead th").allTextContents())
      .toEqual(["Measure", "saas-main v1", "car-dealer v1"]);
    const auc = summary.getByRole("row", { name: /AUC/ });
    await expect
      .poll(() => auc.locator("td").allTextContents())
      .toEqual([expect.stringMatching(/^0\.\d{3}/), expect.stringMatching(/^0\.\d{3}/)]);
    await page.getByRole("img", { name: "Gains curve" }).waitFor();
    await page.getByRole("img", { name: "Calibration" }).waitFor();
    await page.getByRole("img", { name: "MQLs per month" }).waitFor();
    await page.getByRole("img", { name: "Conversion per band: saas-main v1" }).waitFor();
    const gains = page.locator("figure", {
      has: page.getByRole("heading", { name: "Gains curve" }),
    });
    await gains.getByText("Show the data").click();
    await expect.poll(() => gains.locator("tbody tr").count()).toBe(10);
    await page.getByRole("heading", { name: "Sales feedback" }).waitFor();
    await page.getByText("6 good, 5 bad", { exact: true }).waitFor();
    await page.getByRole("heading", { name: "Leads that change" }).waitFor();
    await shot(page, "en-evaluation-compare");
    await shotOf(page.locator(".report > .table-wrap"), "en-evaluation-summary");
    await shotOf(page.locator(".report-grid").nth(0), "en-evaluation-bands");
    await shotOf(page.locator(".report-grid").nth(1), "en-evaluation-gains-calibration");
    await shotOf(
      page.locator("section", { has: page.getByRole("heading", { name: "Sales feedback" }) }),
      "en-evaluation-feedback",
    );

    await page.getByLabel("Conversions within").selectOption("60d");
    await expect.poll(() => page.url()).toContain("horizon=60d");
    await page.getByText("The horizon is not over yet").waitFor();
    await context.close();
  });

  it("reads in Spanish, numbers included", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin, "es-ES");
    await page.goto(`${e2e.server.origin}/evaluation?a=saas-main&b=car-dealer`);
    await page.getByRole("heading", { name: "Evaluación", level: 1 }).waitFor();
    const summary = page.locator("table.compare-table");
    await summary.getByRole("rowheader", { name: "AUC (calidad del orden)" }).waitFor();
    await expect
      .poll(() => summary.getByRole("row", { name: /AUC/ }).locator("td").first().textContent())
      .toMatch(/^0,\d{3}/);
    await page.getByRole("img", { name: "Curva de ganancia" }).waitFor();
    await page.getByRole("heading", { name: "Opinión de ventas" }).waitFor();
    await page.getByText("6 buenas, 5 malas", { exact: true }).waitFor();
    await shot(page, "es-evaluation-compare");
    await context.close();
  });

  it("fits a phone", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer, "en-US", PHONE);
    await page.goto(`${e2e.server.origin}/evaluation?a=saas-main&b=car-dealer`);
    await page.getByRole("img", { name: "Gains curve" }).waitFor();
    expect(await overflow(page)).toBe(0);
    await shot(page, "en-phone-evaluation");
    await context.close();
  });
});
