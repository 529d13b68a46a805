import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e } from "./testing/e2e-browser.ts";
import { E2E_PASSWORD, E2E_USERS, KNOWN_LEAD } from "./testing/start-dashboard-server.ts";

// The built dashboard in Debian's Chromium against the real server (composition root, SQLite file,
// demo data); screenshots in packages/dashboard/screenshots/.

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e?.close();
});

const rows = (page: Page) => page.locator(".leads-table tbody tr");

/** Numbers as the page shows them (`+12.5`, `−3`, `1,234` or `1.234`) back to numbers. */
function readNumber(text: string | null, locale: "en" | "es"): number {
  const cleaned = (text ?? "").replace(/\u2212/g, "-").replace(/[+\s\u00a0]/g, "");
  const normal =
    locale === "es" ? cleaned.replace(/\./g, "").replace(",", ".") : cleaned.replace(/,/g, "");
  return Number(normal);
}

async function openKnownLead(page: Page, model = "saas-main"): Promise<void> {
  await page.getByLabel(/^(Search|Buscar)$/).fill("carmen");
  await expect.poll(() => page.url()).toMatch(/\?q=carmen$/);
  await expect.poll(() => rows(page).count()).toBe(1);
  await rows(page).first().getByRole("link", { name: KNOWN_LEAD.name }).click();
  await page.getByRole("heading", { name: KNOWN_LEAD.name, level: 1 }).waitFor();
  await page.getByRole("tab", { name: new RegExp(`^${model}`) }).click();
  await expect.poll(() => page.url()).toContain(`model=${model}`);
}

describe("sign-in against the real server", () => {
  it("refuses a wrong password in English, then signs in and shows leads with counts per band", async () => {
    const { context, page } = await e2e.open("en-US");
    await page.getByLabel("Email").fill(E2E_USERS.admin);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("Email or password is not right.");
    await shot(page, "en-sign-in-error");

    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".leads-table").waitFor();
    await expect.poll(() => rows(page).count()).toBe(50);
    // With no model in the address, the table shows the model of the queue above it (saas-main here).
    await expect.poll(() => page.getByLabel("Model").inputValue()).toBe("saas-main");
    await page.getByLabel("Model").selectOption("car-dealer");
    await expect.poll(() => page.url()).toMatch(/\?model=car-dealer$/);
    await page.getByLabel("Model").selectOption("saas-main");
    await expect.poll(() => page.url()).not.toContain("model=");
    const hot = page.getByRole("button", { name: /^hot: [\d,]+ leads$/ });
    await hot.waitFor();
    await shot(page, "en-leads", false);
    await hot.click();
    await expect.poll(() => page.url()).toMatch(/band=hot/);
    await expect.poll(() => rows(page).locator(".badge").first().textContent()).toBe("hot");
    await page.getByRole("button", { name: "Clear filters" }).click();

    await page.getByRole("button", { name: /Next/ }).click();
    await page.getByText("Page 2").waitFor();
    await page.getByRole("button", { name: /Previous/ }).click();
    await page.getByText("Page 1").waitFor();
    await context.close();
  });

  it("refuses a wrong password in Spanish", async () => {
    const { context, page } = await e2e.open("es-ES");
    await page.getByLabel("Correo electrónico").fill(E2E_USERS.agent);
    await page.getByLabel("Contraseña").fill("no es la contraseña");
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("El correo o la contraseña no son correctos.");
    await shot(page, "es-sign-in-error");
    await context.close();
  });
});

describe("leads and the lead page against the real server", () => {
  it("finds a lead and explains its score with a ledger that adds up to it", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer);
    await openKnownLead(page);
    await page.getByRole("heading", { name: "Why this score" }).waitFor();
    const ledger = page.locator("table.ledger");
    await expect.poll(() => ledger.locator("tbody tr").count()).toBeGreaterThan(3);
    await expect.poll(() => ledger.textContent()).toContain("pricing-page");
    const points = await ledger.locator("tbody td.num:last-child").allTextContents();
    const total = readNumber(
      await ledger.locator("tfoot tr").first().locator("td.num").textContent(),
      "en",
    );
    const sum = points.map((p) => readNumber(p, "en")).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - total)).toBeLessThan(0.01 * points.length + 0.01);
    const score = readNumber(await page.locator(".score-big").first().textContent(), "en");
    expect(Math.round(total)).toBe(score);
    await page.locator(".chart canvas").first().waitFor();
    await page.getByText(/^The \d+ events behind the chart$/).click();
    const events = page.locator(".chart-events tbody tr");
    await expect.poll(() => events.first().textContent()).toContain("chatbot.completed");
    await shot(page, "en-lead");
    await context.close();
  });
});

describe("working a lead against the real server", () => {
  it("changes the stage with a reason and records sales feedback", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.agent);
    await openKnownLead(page);
    await page.getByRole("button", { name: "Accept" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByText("Write a reason.").waitFor();
    await dialog.getByLabel("Reason").fill("Budget confirmed on the call");
    await shot(page, "en-stage-dialog", false);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => page.locator(".timeline").textContent())
      .toContain("Budget confirmed on the call");
    await page.getByRole("button", { name: "Bad fit" }).click();
    await page.getByText("Saved.").waitFor();
    await shot(page, "en-lead-worked");

    const found = await e2e.server.app.services.leads.list({ userId: KNOWN_LEAD.userId });
    const id = found.ok ? (found.value.data[0]?.id ?? "") : "";
    const lead = await e2e.server.app.services.leads.get(id);
    expect(lead.ok && lead.value.models["saas-main"]?.stage).toBe("sql");
    expect(lead.ok && lead.value.models["saas-main"]?.stageHistory.at(-1)).toMatchObject({
      stage: "sql",
      cause: "manual",
      reason: "Budget confirmed on the call",
    });
    expect(lead.ok && lead.value.feedback.map((f) => [f.verdict, f.model])).toEqual([
      ["bad_fit", "saas-main"],
    ]);
    await context.close();
  });
});

describe("roles against the real server", () => {
  it("hides settings from an agent, and the server answers 403 when asked anyway", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.agent);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Leads" }).waitFor();
    expect(await nav.getByRole("link", { name: "Settings" }).count()).toBe(0);
    await page.goto(`${e2e.server.origin}/settings`);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await shot(page, "en-agent-settings");
    const keys = await page.evaluate(async () => (await fetch("/v1/keys")).status);
    expect(keys).toBe(403);
    const users = await page.evaluate(
      async () =>
        (
          await fetch("/v1/users", {
            method: "POST",
            headers: { "content-type": "application/json", "x-leadscore-csrf": "1" },
            body: JSON.stringify({ email: "x@example.com", role: "admin" }),
          })
        ).status,
    );
    expect(users).toBe(403);
    await context.close();
  });

  it("returns to the sign-in form when the session ends, and signs out", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.marketer);
    await page.evaluate(async () => {
      await fetch("/v1/session", { method: "DELETE", headers: { "x-leadscore-csrf": "1" } });
    });
    await rows(page).first().getByRole("link").click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("Your session has ended. Please sign in again.");
    await page.getByLabel("Email").fill(E2E_USERS.marketer);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await page.evaluate(async () => (await fetch("/v1/session")).status)).toBe(401);
    await context.close();
  });

  it("shows an admin the settings", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Settings" })
      .click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await context.close();
  });
});

describe("keyboard", () => {
  it("signs in, opens a lead and switches models with the keyboard alone, focus always visible", async () => {
    const { context, page } = await e2e.open("en-US");
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        const style = element === null ? null : getComputedStyle(element);
        return {
          label: element?.getAttribute("name") ?? element?.textContent?.trim() ?? "",
          outline: style === null ? "none" : style.outlineStyle,
        };
      });
    const tabTo = async (label: string) => {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        const now = await focused();
        if (now.label === label) {
          expect(now.outline).not.toBe("none");
          return;
        }
      }
      throw new Error(`Tab never reached ${label}`);
    };
    await tabTo("email");
    await page.keyboard.type(E2E_USERS.agent);
    await tabTo("password");
    await page.keyboard.type(E2E_PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator(".leads-table").waitFor();
    await page.keyboard.press("Tab");
    expect((await focused()).label).toBe("Skip to content");
    await page.getByLabel("Search").focus();
    await page.keyboard.type("carmen");
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().getByRole("link").focus();
    await page.keyboard.press("Enter");
    const selected = page.getByRole("tab", { selected: true });
    await selected.waitFor();
    const first = await selected.textContent();
    await selected.focus();
    await page.keyboard.press("ArrowRight");
    await expect
      .poll(() => page.getByRole("tab", { selected: true }).textContent())
      .not.toBe(first);
    expect((await focused()).outline).not.toBe("none");
    await context.close();
  });
});

describe("languages and screens", () => {
  it("speaks Spanish to a Spanish browser, with Spanish numbers and dates", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin, "es-ES");
    await page.getByRole("heading", { name: "Leads", level: 1 }).waitFor();
    await page.getByRole("columnheader", { name: "Puntuación" }).waitFor();
    await expect
      .poll(() => rows(page).locator("time").first().textContent())
      // Spanish relative times: "hace 3 días", "ahora", "ayer", "la semana pasada", "el mes pasado"…
      .toMatch(/^(hace \d+ \p{L}+|ahora|ayer|anteayer|(la|el) \p{L}+ pasad[ao])$/u);
    await shot(page, "es-leads", false);
    await openKnownLead(page);
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
    const { context, page } = await e2e.signIn(E2E_USERS.agent, "es-ES", PHONE);
    const nav = await page.getByRole("navigation", { name: "Principal" }).boundingBox();
    expect(nav?.y).toBeGreaterThan(700);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBe(0);
    await shot(page, "es-phone-leads", false);
    expect(await page.getByLabel("Etapa").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Filtros" }).click();
    await page.getByLabel("Etapa").selectOption("mql");
    await expect.poll(() => page.url()).toContain("stage=mql");
    await page.getByRole("button", { name: "Filtros (1)" }).waitFor();
    await shot(page, "es-phone-leads-filters", false);
    await page.getByRole("button", { name: "Quitar filtros" }).click();
    await openKnownLead(page);
    await page.getByRole("heading", { name: "Por qué esta puntuación" }).waitFor();
    expect(await overflow()).toBe(0);
    await shot(page, "es-phone-lead");
    await context.close();
  });
});
