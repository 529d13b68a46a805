import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e } from "./testing/e2e-browser.ts";
import { shownIds, waitUntilFirst } from "./testing/queue-helpers.ts";
import { DEMO_QUEUE, E2E_USERS } from "./testing/start-dashboard-server.ts";

// What a new user sees after `npm start`: the server started as `serve --demo` starts it (demo models,
// the demo's queue, a history ending an hour ago, the shop page), nothing configured by hand. Sign in,
// and the first page shows leads, bands and the live queue; a visitor of the demo shop who says who
// they are jumps to the top of that queue.

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e?.close();
});

const GLANCE_ITEM = ".queue-glance__item";

describe("the first page after npm start", () => {
  it("shows leads, bands and the live queue, and a demo-shop visitor jumps to its top", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.admin);
    await page.getByRole("heading", { name: "Leads", level: 1 }).waitFor();
    const glance = page.getByRole("region", { name: "Who to call now" });
    await glance.locator(".live--live").waitFor();
    await expect.poll(() => glance.locator(GLANCE_ITEM).count()).toBe(5);
    expect(await glance.textContent()).toMatch(new RegExp(`${DEMO_QUEUE.name} · [\\d,]+ waiting`));
    await expect.poll(() => page.locator(".band-counts .band-count").count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator(".leads-table tbody tr").count()).toBe(50);
    const grades = await glance.locator(".grade").allTextContents();
    expect(grades).not.toContain("A");
    await shot(page, "en-first-page", false);

    const shop = await context.newPage();
    await shop.goto(`${e2e.server.origin}/demo/site`);
    await shop.getByRole("heading", { name: "Watch the live call queue react" }).waitFor();
    const userId = await shop.locator("#who").inputValue();
    const found = await e2e.server.app.services.leads.list({ userId });
    const leadId = found.ok ? (found.value.data[0]?.id ?? "") : "";
    expect(leadId).not.toBe("");
    expect((await shownIds(page, GLANCE_ITEM)).includes(leadId)).toBe(false);
    const name = (await shop.locator("#who option:checked").textContent())?.split(" — ")[0];
    const clickedAt = Date.now();
    await shop.getByRole("button", { name: "Browse as this lead" }).click();
    await shop.getByText(`Browsing as ${name}: watch the queue.`).waitFor();
    await shot(shop, "en-demo-shop", false);

    const ms = await waitUntilFirst(page, leadId, clickedAt, GLANCE_ITEM);
    console.info(`demo-shop visitor first on the landing page after ${ms} ms`);
    const first = glance.locator(GLANCE_ITEM).first();
    await expect.poll(() => first.textContent()).toContain("On the site now");
    expect(await first.locator(".grade").textContent()).toBe("A");
    await shot(page, "en-first-page-live", false);

    await shop.getByRole("button", { name: "Request a demo" }).first().click();
    await shop.getByText("Demo requested.").waitFor();
    await expect
      .poll(
        async () => {
          const lead = await e2e.server.app.services.leads.get(leadId);
          return lead.ok ? lead.value.models[DEMO_QUEUE.model]?.stage : null;
        },
        { timeout: 8_000 },
      )
      .toBe("sql");
    await shop.close();
    await context.close();
  });

  it("greets a Spanish speaker on a phone with the same first page", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.agent, "es-ES", PHONE);
    const glance = page.getByRole("region", { name: "A quién llamar ahora" });
    await glance.locator(".live--live").waitFor();
    await expect.poll(() => glance.locator(GLANCE_ITEM).count()).toBe(5);
    expect(await glance.textContent()).toMatch(/ en espera/);
    expect(await glance.textContent()).toContain("Abrir la cola");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "es-phone-first-page", false);
    await context.close();
  });
});
