import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-support/launch-chromium.ts";
import type { StubServer } from "./testing/stub-api-server.ts";
import { STUB_PASSWORD, STUB_USER, startStubServer } from "./testing/stub-api-server.ts";
import { buildLeads, queueEntryOf } from "./testing/stub-data.ts";

// The built dashboard in Debian's Chromium against a stand-in API (see stub-api-server.ts).
// Screenshots land in packages/dashboard/screenshots/ (gitignored) for a person to look at.

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const screenshotDir = join(packageDir, "screenshots");
let outDir: string;
let stub: StubServer;
let browser: Browser;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "leadscore-dashboard-"));
  await build({
    root: packageDir,
    configFile: join(packageDir, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  stub = await startStubServer(outDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stub?.close();
  await rm(outDir, { recursive: true, force: true });
});

async function openSignedIn(
  locale: string,
  viewport = { width: 1366, height: 860 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport, timezoneId: "Europe/Madrid" });
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  await page.goto(`${stub.origin}/`);
  await page
    .getByLabel(locale.startsWith("es") ? "Correo electrónico" : "Email")
    .fill(STUB_USER.email);
  await page.getByLabel(locale.startsWith("es") ? "Contraseña" : "Password").fill(STUB_PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator(".leads-table").waitFor();
  return { context, page };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

describe("dashboard in Chromium", () => {
  it("refuses a wrong password, then signs in and shows leads with counts per band", async () => {
    const context = await browser.newContext({
      locale: "en-US",
      viewport: { width: 1366, height: 860 },
    });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    await page.goto(`${stub.origin}/`);
    await page.getByLabel("Email").fill(STUB_USER.email);
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("Email or password is not right.");
    await shot(page, "en-sign-in-error");

    await page.getByLabel("Password").fill(STUB_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".leads-table").waitFor();
    await expect.poll(() => page.locator(".leads-table tbody tr").count()).toBe(50);
    await page.getByRole("button", { name: "hot: 36 leads" }).waitFor();
    await page.screenshot({ path: join(screenshotDir, "en-leads.png") });

    await page.getByRole("button", { name: /Next/ }).click();
    await page.getByText("Page 2").waitFor();
    const cursor = stub.calls
      .findLast((call) => call.path === "/v1/leads")
      ?.query.get("starting_after");
    expect(cursor).toMatch(/^lead_\d{4}$/);

    await page.getByLabel("Model").selectOption("product-led");
    await expect.poll(() => page.url()).toMatch(/\?model=product-led$/);
    await expect
      .poll(() => page.locator(".leads-table tbody tr").first().locator("td.num").textContent())
      .toBe("12");
    await context.close();
  });

  it("finds a lead by search and explains its score line by line", async () => {
    const { context, page } = await openSignedIn("en-US");
    await page.getByLabel("Search").fill("carmen");
    await expect.poll(() => page.url()).toMatch(/\?q=carmen$/);
    const rows = page.locator(".leads-table tbody tr");
    await expect.poll(() => rows.first().textContent()).toContain("Carmen");
    await rows.first().getByRole("link").click();

    await page.getByRole("heading", { name: "Why this score" }).waitFor();
    const ledger = page.locator("table.ledger");
    await expect.poll(() => ledger.locator("tbody tr").count()).toBe(4);
    await expect.poll(() => ledger.textContent()).toContain("pricing-page");
    await expect.poll(() => ledger.textContent()).toContain("×75%");
    await page.locator(".chart canvas").first().waitFor();
    await expect.poll(() => page.locator(".timeline").textContent()).toContain("Stage rule 1");
    await shot(page, "en-lead");
    await context.close();
  });

  it("asks for a reason before a manual stage change and records it", async () => {
    const { context, page } = await openSignedIn("en-US");
    await page.locator(".leads-table tbody tr").first().getByRole("link").click();
    await page.getByRole("button", { name: "Accept" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("Write a reason.").waitFor();
    await dialog.getByLabel("Reason").fill("Budget confirmed on the call");
    await shot(page, "en-stage-dialog");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => page.locator(".timeline").textContent())
      .toContain("Budget confirmed on the call");
    const change = stub.calls.findLast((call) => call.path.endsWith("/stage"));
    expect(change?.body).toEqual({
      model: "b2b",
      action: "accept",
      reason: "Budget confirmed on the call",
    });

    await page.getByRole("button", { name: /Bad fit/ }).click();
    await page.getByText("Saved.").waitFor();
    const feedback = stub.calls.findLast((call) => call.path.endsWith("/feedback"));
    expect(feedback?.body).toEqual({ model: "b2b", verdict: "bad_fit" });
    await context.close();
  });

  it("shows the queue moving live, claims a lead and records a call-back", async () => {
    const { context, page } = await openSignedIn("en-US");
    await page.getByRole("link", { name: "Call queue" }).click();
    await page.getByText("Live", { exact: true }).waitFor();
    await expect.poll(() => page.locator(".queue-item").count()).toBe(3);

    const hot = buildLeads(120).filter((lead) => lead.band === "hot");
    const newcomer = hot[5]!;
    const entries = hot.slice(0, 3).map((lead) => queueEntryOf(lead, "Viewed pricing twice today"));
    stub.pushQueue([queueEntryOf(newcomer, "Asked for a demo a minute ago"), ...entries]);
    await expect.poll(() => page.locator(".queue-item").count()).toBe(4);
    await expect
      .poll(() => page.locator(".queue-item").first().textContent())
      .toContain("Asked for a demo");
    await expect
      .poll(() => page.locator(".queue-item").first().textContent())
      .toContain(newcomer.name);
    await shot(page, "en-queue-live");

    await page.getByRole("button", { name: "Claim next lead" }).click();
    await page.getByText("Your lead").waitFor();
    await page.getByLabel("Call back", { exact: true }).check();
    await page.getByRole("button", { name: "Record outcome" }).click();
    await page.getByText("Choose when to call back.").waitFor();
    await page.getByLabel("Call back at").fill("2026-11-24T10:30");
    await shot(page, "en-queue-outcome");
    await page.getByRole("button", { name: "Record outcome" }).click();
    await page.getByText("Outcome recorded.").waitFor();
    const outcome = stub.calls.findLast((call) => call.path.endsWith("/outcome"))?.body;
    expect(outcome).toMatchObject({ outcome: "call_back", callbackAt: "2026-11-24T09:30:00.000Z" });
    await context.close();
  });

  it("speaks Spanish to a Spanish browser, with Spanish numbers and dates", async () => {
    const { context, page } = await openSignedIn("es-ES");
    await page.getByRole("heading", { name: "Leads", level: 1 }).waitFor();
    await page.getByRole("button", { name: "hot: 36 leads" }).waitFor();
    await page.getByRole("columnheader", { name: "Puntuación" }).waitFor();
    await expect
      .poll(() => page.locator(".leads-table time").first().textContent())
      .toMatch(/^hace \d+ (horas|días)$/);
    await shot(page, "es-leads");
    await page.locator(".leads-table tbody tr").first().getByRole("link").click();
    await page.getByRole("heading", { name: "Por qué esta puntuación" }).waitFor();
    await expect.poll(() => page.locator(".facts").textContent()).toContain("12.345");
    await shot(page, "es-lead");

    await page.getByLabel("Idioma").selectOption("en");
    await page.getByRole("heading", { name: "Why this score" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Why this score" }).waitFor();
    await context.close();
  });

  it("fits a phone screen with the navigation at the bottom", async () => {
    const { context, page } = await openSignedIn("es-ES", { width: 390, height: 844 });
    const nav = await page.getByRole("navigation", { name: "Principal" }).boundingBox();
    expect(nav?.y).toBeGreaterThan(700);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBe(0);
    await shot(page, "es-phone-leads");
    await page.getByRole("link", { name: "Cola de llamadas" }).click();
    await page.locator(".queue-item").first().waitFor();
    await shot(page, "es-phone-queue");
    await context.close();
  });
});
