import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e } from "./testing/e2e-browser.ts";
import { E2E_USERS } from "./testing/start-dashboard-server.ts";

// The models editor in Chromium against the real server: edit a rule (with an inline error),
// preview, backtest, publish retroactively, see the new version and its diff; then a new model
// made in Spanish without writing YAML.

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e?.close();
});

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

function ruleCard(page: Page, id: string): Locator {
  return page.locator(".rule-card", { has: page.locator("summary", { hasText: id }) });
}

describe("the models editor against the real server", () => {
  it("edits a rule with an inline error, previews, backtests, publishes retroactively and shows the diff", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Models" })
      .click();
    await page.getByRole("heading", { name: "Models", level: 1 }).waitFor();
    await shot(page, "en-models");
    await page.getByRole("link", { name: "SaaS — main product" }).click();
    await page.getByRole("heading", { name: "SaaS — main product", level: 1 }).waitFor();
    await page.getByRole("tab", { name: "Engagement rules" }).click();

    const card = ruleCard(page, "pricing-page");
    await card.locator("summary").click();
    await card.getByLabel("Limit how often this rule counts").check();
    const times = card.getByLabel("At most (times)");
    await times.fill("0");
    await card.getByText("Must be greater than 0.").waitFor();
    expect(await times.getAttribute("aria-invalid")).toBe("true");
    await page.getByRole("tab", { name: /Engagement rules.*1 problem/ }).waitFor();
    await page.getByText("1 problem to fix before publishing").waitFor();
    await shot(page, "en-editor-inline-error");

    await times.fill("3");
    await expect.poll(() => times.getAttribute("aria-invalid")).toBeNull();
    await card.getByLabel("Points", { exact: true }).fill("12");
    await expect
      .poll(() => card.locator("summary").textContent())
      .toContain("+12 · at most 3× / 30d");
    await shot(page, "en-editor-rule");

    await page.getByRole("button", { name: "Review and publish" }).click();
    await page.getByRole("heading", { name: "Changes from version 1" }).waitFor();
    await page.getByText("Engagement rule pricing-page").waitFor();
    await page.getByText("changed: points, limit").waitFor();
    await page.getByRole("button", { name: "Preview the impact" }).click();
    await expect
      .poll(() => page.locator(".impact").textContent())
      .toMatch(/^Of [\d,]+ leads, [\d,]+ would change band and [\d,]+ would change stage\.$/);
    await page.getByRole("button", { name: "Run the backtest" }).click();
    const summary = page.locator("table.compare-table");
    await summary.waitFor({ timeout: 20_000 });
    expect(await summary.locator("thead th").allTextContents()).toEqual([
      "Measure",
      "saas-main v1",
      "saas-main (draft)",
    ]);
    await summary.getByRole("rowheader", { name: "AUC (ranking quality)" }).waitFor();
    await shot(page, "en-editor-review");

    await page.getByLabel("Retroactively").check();
    await page.getByRole("button", { name: "Publish version 2" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish version 2 of saas-main?" });
    await dialog.getByRole("button", { name: "Publish version 2" }).click();
    const done = page.getByRole("status").filter({ hasText: "Version 2 is published." });
    await expect
      .poll(() => done.textContent())
      .toMatch(/[\d,]+ leads rescored: [\d,]+ changed band, [\d,]+ changed stage\./);
    await shot(page, "en-editor-published", false);
    const published = await e2e.server.app.services.models.get("saas-main");
    const rule = published.ok
      ? (published.value.document as { engagement: { id: string }[] }).engagement.find(
          (r) => r.id === "pricing-page",
        )
      : undefined;
    expect(published.ok && published.value.version).toBe(2);
    expect(rule).toMatchObject({ points: 12, limit: { times: 3, per: "30d" } });

    await done.getByRole("link", { name: "See the versions and the diff" }).click();
    await page.getByRole("heading", { name: "Versions of saas-main", level: 1 }).waitFor();
    await page.getByRole("rowheader", { name: /Version 2.*current/ }).waitFor();
    await page.getByText("Engagement rule pricing-page").waitFor();
    await page.getByText("changed: points, limit").waitFor();
    await expect
      .poll(() => page.locator(".change .code-block").last().textContent())
      .toContain("times: 3");
    await shot(page, "en-versions-diff");

    // The evaluation compares the new version with the one before by default.
    await page.goto(`${e2e.server.origin}/evaluation?a=saas-main`);
    const table = page.locator("table.compare-table");
    await expect
      .poll(() => table.locator("thead th").allTextContents())
      .toEqual(["Measure", "saas-main v2", "saas-main v1"]);
    await page.getByRole("heading", { name: "Leads that change" }).waitFor();
    await shot(page, "en-evaluation-versions");
    await context.close();
  });

  it("creates a model in Spanish with a pricing-page rule, at most 3 times in 30 days, without YAML", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer, "es-ES");
    await page
      .getByRole("navigation", { name: "Principal" })
      .getByRole("link", { name: "Modelos" })
      .click();
    await page.getByRole("button", { name: "Nuevo modelo" }).click();
    const dialog = page.getByRole("dialog", { name: "Crear un modelo" });
    await dialog.getByLabel("Nombre").fill("Coches de ocasión");
    expect(await dialog.getByLabel("Id").inputValue()).toBe("coches-de-ocasion");
    await dialog.getByLabel("Un modelo vacío").check();
    await dialog.getByRole("button", { name: "Crear y editar" }).click();
    await page.getByRole("heading", { name: "Coches de ocasión", level: 1 }).waitFor();

    await page.getByRole("tab", { name: "Reglas de interacción" }).click();
    await page.getByRole("button", { name: "Añadir una regla de interacción" }).click();
    await ruleCard(page, "rule-1").getByText("Escribe el nombre del evento.").waitFor();
    const card = page.locator(".rule-card").first();
    await shot(page, "es-editor-inline-error");
    await card.getByLabel("Id de la regla").fill("visita-precios");
    await card.getByLabel("Evento").fill("page.viewed");
    await card.getByRole("button", { name: "Solo si una propiedad coincide" }).click();
    await card.getByLabel("Propiedad", { exact: true }).fill("url");
    await card.getByLabel("Prueba sobre url").selectOption("contains");
    await card.getByLabel("Valor para url").fill("/precios");
    await card.getByLabel("Puntos", { exact: true }).fill("10");
    await card.getByLabel("Limitar cuántas veces cuenta esta regla").check();
    await card.getByLabel("Como máximo (veces)").fill("3");
    await expect
      .poll(() => card.locator("summary").textContent())
      .toContain("page.viewed · +10 · como máximo 3× / 30d");
    await page.getByText("Sin problemas. Revisa el impacto antes de publicar.").waitFor();
    await shot(page, "es-editor-new-rule");

    await page.getByRole("button", { name: "Revisar y publicar" }).click();
    await page.getByRole("heading", { name: "Publicar la versión 1" }).waitFor();
    await page.getByRole("button", { name: "Publicar la versión 1" }).click();
    await page
      .getByRole("dialog", { name: "¿Publicar la versión 1 de coches-de-ocasion?" })
      .getByRole("button", { name: "Publicar la versión 1" })
      .click();
    await page.getByRole("status").filter({ hasText: "La versión 1 está publicada." }).waitFor();
    const model = await e2e.server.app.services.models.get("coches-de-ocasion");
    expect(model.ok && model.value.document).toMatchObject({
      engagement: [
        {
          id: "visita-precios",
          when: { event: "page.viewed", where: { url: { contains: "/precios" } } },
          points: 10,
          limit: { times: 3, per: "30d" },
        },
      ],
    });
    await context.close();
  });

  it("fits the editor on a phone, in Spanish", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin, "es-ES", PHONE);
    await page.goto(`${e2e.server.origin}/models/car-dealer?tab=stages`);
    await page.getByRole("heading", { name: "Reglas de etapa" }).waitFor();
    const sql = ruleCard(page, "SQL");
    await sql.locator("summary").click();
    await expect.poll(() => sql.locator(".conditions__combinator select").inputValue()).toBe("any");
    expect(await overflow(page)).toBe(0);
    await shot(page, "es-phone-editor-stages");
    await context.close();
  });

  it("is usable with the keyboard alone: tabs move with the arrows, rules open with Enter", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin);
    await page.goto(`${e2e.server.origin}/models/car-dealer?tab=fit`);
    const fitTab = page.getByRole("tab", { name: "Fit rules" });
    await fitTab.focus();
    await page.keyboard.press("ArrowRight");
    await expect
      .poll(() => page.getByRole("tab", { name: "Engagement rules" }).getAttribute("aria-selected"))
      .toBe("true");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Engagement rules");
    await page.keyboard.press("Tab");
    const card = ruleCard(page, "model-page");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
    await page.keyboard.press("Enter");
    await expect.poll(() => card.locator("details").getAttribute("open")).toBe("");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("field-engagement/0/id");
    await shot(page, "en-editor-keyboard", false);
    await context.close();
  });

  it("keeps models away from agents", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.agent);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Leads" }).waitFor();
    for (const name of ["Models", "Funnel", "Evaluation"]) {
      expect(await nav.getByRole("link", { name }).count()).toBe(0);
    }
    await page.goto(`${e2e.server.origin}/models/saas-main`);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await context.close();
  });
});
