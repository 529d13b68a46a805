import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2e, PHONE, shot, startE2e } from "./testing/e2e-browser.ts";
import { E2E_USERS } from "./testing/start-dashboard-server.ts";
import {
  createStubQueueApi,
  hotLeadsOf,
  queueEntryOf,
  type StubQueueApi,
} from "./testing/stub-queue-api.ts";

// The queue page on the real server, with the queue endpoints stubbed (stub-queue-api.ts) until
// the realtime work serves them; then this file drops the stub.

let e2e: E2e;
let queue: StubQueueApi | undefined;

beforeAll(async () => {
  e2e = await startE2e({
    intercept: (request) => queue?.intercept(request) ?? Promise.resolve(null),
  });
  queue = createStubQueueApi(e2e.server.app);
});

afterAll(async () => {
  queue?.close();
  await e2e?.close();
});

describe("call queue", () => {
  it("shows the top of the live queue on the landing page, beside the leads and bands", async () => {
    const stub = queue as StubQueueApi;
    const { context, page } = await e2e.signIn(E2E_USERS.admin);
    const glance = page.getByRole("region", { name: /^Call now/ });
    await expect.poll(() => glance.locator("li").count()).toBe(3);
    await glance.getByText("Live", { exact: true }).waitFor();
    const hot = await hotLeadsOf(e2e.server.app);
    const newcomer = hot[5] ?? hot[0];
    if (newcomer === undefined) throw new Error("the demo data has no hot lead");
    stub.push([queueEntryOf(newcomer, "On the pricing page now"), ...(await stub.initial())]);
    await expect.poll(() => glance.locator("li").first().textContent()).toContain(newcomer.name);
    await page.locator(".band-counts").waitFor();
    await shot(page, "en-landing-with-queue", false);
    await context.close();
  });

  it("shows the queue moving live, claims a lead and records a call-back", async () => {
    const stub = queue as StubQueueApi;
    const { context, page } = await e2e.signIn(E2E_USERS.agent);
    await page.getByRole("link", { name: "Call queue" }).click();
    await page.getByText("Live", { exact: true }).waitFor();
    await expect.poll(() => page.locator(".queue-item").count()).toBe(3);

    const hot = await hotLeadsOf(e2e.server.app);
    const newcomer = hot[4] ?? hot[0];
    if (newcomer === undefined) throw new Error("the demo data has no hot lead");
    stub.push([queueEntryOf(newcomer, "Asked for a demo a minute ago"), ...(await stub.initial())]);
    await expect.poll(() => page.locator(".queue-item").count()).toBe(4);
    await expect
      .poll(() => page.locator(".queue-item").first().textContent())
      .toContain("Asked for a demo");
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

  it("fits a phone", async () => {
    const { context, page } = await e2e.signIn(E2E_USERS.agent, "es-ES", PHONE);
    await page.getByRole("link", { name: "Cola de llamadas" }).click();
    await page.locator(".queue-item").first().waitFor();
    await shot(page, "es-phone-queue");
    await context.close();
  });
});
