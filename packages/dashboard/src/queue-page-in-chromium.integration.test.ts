import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e, TIME_ZONE } from "./testing/e2e-browser.ts";
import {
  localInputValue,
  type QueueDriver,
  queueDriver,
  shownIds,
  waitUntilFirst,
} from "./testing/queue-helpers.ts";
import { E2E_PASSWORD, E2E_USERS } from "./testing/start-dashboard-server.ts";

// The agent's call queue in Debian's Chromium on the real server: the demo's queue (callers.yaml) over
// its history, the live view over Server-Sent Events with the session cookie, claims, outcomes and
// call-backs through the real endpoints. Screenshots in packages/dashboard/screenshots/.

const SECOND_AGENT = "bea.agent@example.com";
let e2e: E2e;
let queue: QueueDriver;

beforeAll(async () => {
  e2e = await startE2e();
  queue = await queueDriver(e2e.server);
  const second = await e2e.server.app.services.users.create({
    email: SECOND_AGENT,
    role: "agent",
    password: E2E_PASSWORD,
  });
  if (!second.ok) throw new Error(second.error.detail);
});

afterAll(async () => {
  await e2e?.close();
});

async function openQueue(email: string, locale = "en-US", viewport?: typeof PHONE) {
  const opened = await e2e.signIn(email, locale, viewport);
  const spanish = locale.startsWith("es");
  await opened.page
    .getByRole("link", { name: spanish ? "Cola de llamadas" : "Call queue" })
    .click();
  await opened.page.locator(".live--live").waitFor();
  await expect.poll(() => opened.page.locator(".queue-item").count()).toBe(50);
  return opened;
}

const claimCard = (page: Page) => page.locator("section.claim");
const claimedId = (page: Page) => claimCard(page).getAttribute("data-lead-id");
const endNote = (page: Page) => page.locator(".claim-end, .queue-side .success").first();

/** A lead down the queue opens the pricing page; the agent's view puts it first, live. */
async function bringToTop(page: Page, stages?: readonly string[]) {
  const lead = await queue.leadDownTheQueue(stages);
  const sentAt = await queue.browse(lead.userId ?? "");
  const ms = await waitUntilFirst(page, lead.leadId, sentAt);
  return { lead, ms };
}

describe("the agent's live call queue", () => {
  it("moves a lead that starts browsing to the top of the live view without a reload, and claims it", async () => {
    const { context, page } = await openQueue(E2E_USERS.agent);
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    const before = await shownIds(page);
    const { lead, ms } = await bringToTop(page);
    console.info(`browsing lead first in the agent's view after ${ms} ms`);
    expect(before.indexOf(lead.leadId)).not.toBe(0);
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    const first = page.locator(".queue-item").first();
    await expect.poll(() => first.textContent()).toContain("On the site now");
    expect(await first.textContent()).toContain("On the website right now");
    await shot(page, "en-queue-live", false);

    await page.getByRole("button", { name: "Claim next lead" }).click();
    const card = claimCard(page);
    await card.getByRole("heading", { name: lead.name ?? "" }).waitFor();
    const shown = await queue.standing(lead.leadId);
    await expect.poll(() => card.textContent()).toContain("On the site now");
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("Your lead");
    expect(text).toContain("Why now: On the website right now");
    expect(await card.locator(".score-big").textContent()).toBe(String(Math.round(shown.score)));
    expect(await card.locator(".grade").textContent()).toBe("A");
    expect(text).toContain(shown.stage === "mql" ? "MQL" : "Lead");
    await expect
      .poll(() => card.locator(".activity-list li").first().textContent())
      .toMatch(/^Viewed \/pricing/);
    await expect.poll(() => shownIds(page)).not.toContain(lead.leadId);
    await shot(page, "en-queue-claimed", false);

    await card.getByLabel("Interested", { exact: true }).check();
    await card.getByRole("button", { name: "Record outcome" }).click();
    await expect
      .poll(() => endNote(page).textContent())
      .toContain(`Recorded “Interested” for ${lead.name}.`);
    const after = await queue.standing(lead.leadId);
    expect(after.score).toBeGreaterThan(shown.score + 9);
    expect(await endNote(page).textContent()).toContain(
      `Score ${Math.round(shown.score)} → ${Math.round(after.score)}`,
    );
    await shot(page, "en-queue-interested", false);
    await context.close();
  });

  it("moves a qualified lead to SQL and keeps it out of the queue", async () => {
    const { context, page } = await openQueue(E2E_USERS.agent);
    const { lead } = await bringToTop(page, ["lead", "mql"]);
    const stage = (await queue.standing(lead.leadId)).stage === "mql" ? "MQL" : "Lead";
    await page.getByRole("button", { name: "Claim next lead" }).click();
    const card = claimCard(page);
    await card.getByRole("heading", { name: lead.name ?? "" }).waitFor();
    await card.getByLabel("Qualified", { exact: true }).check();
    await card.getByRole("button", { name: "Record outcome" }).click();
    await expect.poll(() => endNote(page).textContent()).toContain(`Stage ${stage} → SQL`);
    expect((await queue.standing(lead.leadId)).stage).toBe("sql");
    expect(await shownIds(page)).not.toContain(lead.leadId);
    await context.close();
  });

  it("takes a called-back lead out of the queue and brings it back at its time", async () => {
    const { context, page } = await openQueue(E2E_USERS.agent);
    const next = (await queue.top(1))[0];
    await page.getByRole("button", { name: "Claim next lead" }).click();
    const card = claimCard(page);
    await card.waitFor();
    expect(await claimedId(page)).toBe(next?.leadId);
    const leadId = next?.leadId ?? "";
    const name = next?.name ?? "";
    await expect.poll(() => shownIds(page)).not.toContain(leadId);

    await card.getByLabel("Call back", { exact: true }).check();
    await card.getByRole("button", { name: "Record outcome" }).click();
    await card.getByText("Choose when to call back.").waitFor();
    const callbackAt = Date.now() + 8_000;
    await card.getByLabel("Call back at").fill(localInputValue(callbackAt, TIME_ZONE));
    await shot(page, "en-queue-call-back", false);
    await card.getByRole("button", { name: "Record outcome" }).click();
    await expect
      .poll(() => endNote(page).textContent())
      .toContain(`Recorded “Call back” for ${name}.`);
    expect(await endNote(page).textContent()).toContain("Back in the queue at");
    expect(await shownIds(page)).not.toContain(leadId);
    expect((await queue.top(500)).some((e) => e.leadId === leadId)).toBe(false);

    const returned = page.locator(`.queue-item[data-lead-id="${leadId}"]`);
    await returned.waitFor({ timeout: 20_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(callbackAt - 1_000);
    await expect.poll(() => returned.textContent()).toContain("Call-back due now");
    await shot(page, "en-queue-call-back-due", false);
    await context.close();
  });

  it("keeps a claim across a reload, and a released lead goes back into the queue", async () => {
    const { context, page } = await openQueue(E2E_USERS.agent);
    await page.getByRole("button", { name: "Claim next lead" }).click();
    await claimCard(page).waitFor();
    const leadId = (await claimedId(page)) ?? "";
    const name = (await claimCard(page).locator("#claim-title").textContent()) ?? "";
    await page.reload();
    await page.locator(".live--live").waitFor();
    await expect.poll(() => claimedId(page)).toBe(leadId);
    expect((await queue.top(500)).some((e) => e.leadId === leadId)).toBe(false);
    await claimCard(page).getByRole("button", { name: "Release" }).click();
    await expect.poll(() => endNote(page).textContent()).toBe(`${name} is back in the queue.`);
    expect((await queue.top(500)).some((e) => e.leadId === leadId)).toBe(true);
    await expect.poll(() => shownIds(page)).toContain(leadId);
    await context.close();
  });

  it("never hands two agents the same lead, and each sees the other's lead leave live", async () => {
    const ana = await openQueue(E2E_USERS.agent);
    const bea = await openQueue(SECOND_AGENT);
    const claimBoth = () =>
      Promise.all(
        [ana.page, bea.page].map(async (page) => {
          await page.getByRole("button", { name: "Claim next lead" }).click();
          await claimCard(page).waitFor();
          return (await claimedId(page)) ?? "";
        }),
      );
    const [first = "", second = ""] = await claimBoth();
    expect(first).not.toBe("");
    expect(first).not.toBe(second);
    const inQueue = new Set((await queue.top(500)).map((e) => e.leadId));
    expect(inQueue.has(first) || inQueue.has(second)).toBe(false);
    await expect.poll(() => shownIds(ana.page)).not.toContain(second);
    await expect.poll(() => shownIds(bea.page)).not.toContain(first);
    await shot(ana.page, "en-queue-agent-a", false);
    await shot(bea.page, "en-queue-agent-b", false);

    for (const { page } of [ana, bea]) {
      await claimCard(page).getByLabel("No answer", { exact: true }).check();
      await claimCard(page).getByRole("button", { name: "Record outcome" }).click();
      await endNote(page).waitFor();
    }
    const [third, fourth] = await claimBoth();
    expect(new Set([first, second, third, fourth]).size).toBe(4);
    await ana.context.close();
    await bea.context.close();
  });

  it("works in Spanish on a phone", async () => {
    const { context, page } = await openQueue(E2E_USERS.agent, "es-ES", PHONE);
    const { lead } = await bringToTop(page);
    const first = page.locator(".queue-item").first();
    await expect.poll(() => first.textContent()).toContain("En la web ahora");
    expect(await first.textContent()).toContain("Está en la web ahora mismo");
    await shot(page, "es-phone-queue", false);

    await page.getByRole("button", { name: "Tomar el siguiente lead" }).click();
    const card = claimCard(page);
    await card.getByRole("heading", { name: lead.name ?? "" }).waitFor();
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("Tu lead");
    expect(text).toContain("Por qué ahora: Está en la web ahora mismo");
    await expect.poll(() => card.locator(".activity-list").textContent()).toContain("Vio /pricing");
    expect(await card.textContent()).toContain("Qué está haciendo");
    await shot(page, "es-phone-claimed", false);
    await card.getByLabel("Volver a llamar", { exact: true }).check();
    await card.getByRole("button", { name: "Registrar resultado" }).click();
    await card.getByText("Elige cuándo volver a llamar.").waitFor();
    await shot(page, "es-phone-claim", false);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await card.getByLabel("No contesta", { exact: true }).check();
    await card.getByRole("button", { name: "Registrar resultado" }).click();
    await expect
      .poll(() => endNote(page).textContent())
      .toContain(`Registrado «No contesta» para ${lead.name}.`);
    await context.close();
  });
});
