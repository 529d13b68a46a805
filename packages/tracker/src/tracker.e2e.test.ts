import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-support/launch-chromium.ts";
import type { TrackerApi, TrackerMessage } from "./browser/types.ts";
import { buildTracker, trackerGzipBudgetBytes } from "./build-tracker.ts";
import {
  type FixtureServers,
  snippetPage,
  startFixtureServers,
  waitFor,
} from "./start-fixture-servers.ts";

type Snippet = { leadscore: TrackerApi };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Time-ordered message ids: version 7, the first 48 bits the time of the call in ms. */
const uuidV7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uuidV7Time = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

let browser: Browser;
let servers: FixtureServers;
let gzipBytes: number;
let trackerCode: string;
let context: BrowserContext;

beforeAll(async () => {
  ({ code: trackerCode, gzipBytes } = await buildTracker());
  servers = await startFixtureServers(trackerCode);
  browser = await launchChromium();
});

afterEach(async () => {
  await context?.close();
  servers.requests.length = 0;
  servers.setCollectStatus(200);
});

afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

async function openPage(path: string, calls: string, attributes = ""): Promise<Page> {
  servers.setPage(path, snippetPage(servers.collectOrigin, calls, attributes));
  context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${servers.siteOrigin}${path}`);
  return page;
}

const loadCall = (options: Record<string, unknown>) =>
  `leadscore.load("pk_test", ${JSON.stringify({ host: servers.collectOrigin, ...options })});`;

const waitForMessage = (test: (message: TrackerMessage) => boolean, timeoutMs?: number) =>
  waitFor(() => servers.messages(test)[0], timeoutMs);

const countOf = (test: (message: TrackerMessage) => boolean) => servers.messages(test).length;

const isTrack = (event: string) => (message: TrackerMessage) =>
  message.type === "track" && message.event === event;

const storedIds = async (page: Page) => {
  const [local, cookies] = await Promise.all([
    page.evaluate(() => localStorage.getItem("ls_aid")),
    context.cookies(),
  ]);
  return { local, cookie: cookies.find((cookie) => cookie.name === "ls_aid") };
};

const requestOf = (message: TrackerMessage) =>
  servers.requests.find((entry) =>
    entry.batch.some((sent) => sent.messageId === message.messageId),
  );

describe("the tracking snippet in Chromium", () => {
  it("sends the first page view from the one script tag, with an anonymous id, as text/plain", async () => {
    const page = await openPage("/pricing", 'leadscore.identify("lead-7");', 'data-key="pk_live"');
    const firstView = await waitForMessage((message) => message.type === "page");
    expect(firstView.userId).toBe("lead-7");
    await page.goto(`${servers.siteOrigin}/pricing?utm_source=news&utm_campaign=spring`);
    const view = await waitForMessage(
      (message) => message.type === "page" && message.properties?.search !== "",
    );

    expect(requestOf(view)).toMatchObject({
      method: "POST",
      path: "/v1/batch",
      writeKey: "pk_live",
      origin: servers.siteOrigin,
      fetchMode: "cors",
      contentType: expect.stringMatching(/^text\/plain/),
    });
    expect(Number.isNaN(Date.parse(requestOf(view)?.sentAt ?? ""))).toBe(false);
    expect(view.anonymousId).toMatch(uuidPattern);
    expect(view.messageId).toMatch(uuidV7Pattern);
    expect(Math.abs(uuidV7Time(view.messageId) - Date.now())).toBeLessThan(5 * 60_000);
    expect(view.userId).toBe("lead-7");
    expect(view.properties).toMatchObject({
      url: `${servers.siteOrigin}/pricing?utm_source=news&utm_campaign=spring`,
      path: "/pricing",
      title: "Pricing",
      search: "?utm_source=news&utm_campaign=spring",
    });
    expect(view.context).toMatchObject({
      page: { path: "/pricing", title: "Pricing" },
      campaign: { source: "news", name: "spring" },
      library: { name: "leadscore.js", version: "0.1.0" },
    });
    expect(Date.now() - Date.parse(view.originalTimestamp)).toBeLessThan(10_000);
    expect(servers.requests.filter((entry) => entry.method !== "POST")).toEqual([]);
  });

  it("keeps one anonymous id in the cookie and localStorage, across reloads and from either", async () => {
    const page = await openPage("/home", loadCall({ heartbeatIntervalMs: 0 }));
    const first = await waitForMessage((message) => message.type === "page");
    const stored = await storedIds(page);
    expect(stored.local).toBe(first.anonymousId);
    expect(stored.cookie).toMatchObject({ value: first.anonymousId, sameSite: "Lax", path: "/" });
    expect(stored.cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 360 * 24 * 3600);

    const viewsAfter = async (reload: () => Promise<unknown>) => {
      const before = countOf((message) => message.type === "page");
      await reload();
      await waitFor(() =>
        countOf((message) => message.type === "page") > before ? true : undefined,
      );
      return servers.messages((message) => message.type === "page").at(-1)?.anonymousId;
    };
    expect(await viewsAfter(() => page.reload())).toBe(first.anonymousId);
    expect(await viewsAfter(() => context.clearCookies().then(() => page.reload()))).toBe(
      first.anonymousId,
    );
    expect((await storedIds(page)).cookie?.value).toBe(first.anonymousId);
    const withoutLocal = () =>
      page.evaluate(() => localStorage.removeItem("ls_aid")).then(() => page.reload());
    expect(await viewsAfter(withoutLocal)).toBe(first.anonymousId);
    expect((await storedIds(page)).local).toBe(first.anonymousId);
  });

  it("sends ten tracks in one request and fewer when the flush interval ends", async () => {
    const page = await openPage(
      "/batch",
      loadCall({ heartbeatIntervalMs: 0, flushIntervalMs: 1500 }),
    );
    await waitForMessage((message) => message.type === "page");
    await page.evaluate(() => {
      for (let index = 0; index < 10; index += 1)
        (window as unknown as Snippet).leadscore.track(`click-${index}`);
    });
    const tenth = await waitForMessage(isTrack("click-9"));
    expect(requestOf(tenth)?.batch.map((message) => message.event)).toEqual(
      Array.from({ length: 10 }, (_, index) => `click-${index}`),
    );

    const startedAt = Date.now();
    await page.evaluate(() => {
      for (const event of ["scroll-1", "scroll-2", "scroll-3"])
        (window as unknown as Snippet).leadscore.track(event);
    });
    const last = await waitForMessage(isTrack("scroll-3"));
    const request = requestOf(last);
    expect(request?.receivedAt).toBeGreaterThanOrEqual(startedAt + 1300);
    expect(request?.batch.map((message) => message.event)).toEqual([
      "scroll-1",
      "scroll-2",
      "scroll-3",
    ]);
    expect(servers.requests).toHaveLength(3);
  });

  it("identifies, aliases and resets: reset starts a new anonymous id", async () => {
    const page = await openPage("/signup", loadCall({ heartbeatIntervalMs: 0 }));
    const first = await waitForMessage((message) => message.type === "page");
    await page.evaluate(() =>
      (window as unknown as Snippet).leadscore.identify("lead-42", { email: "ada@example.com" }),
    );
    const identify = await waitForMessage((message) => message.type === "identify");
    expect(identify).toMatchObject({
      userId: "lead-42",
      anonymousId: first.anonymousId,
      traits: { email: "ada@example.com" },
    });

    await page.reload();
    const reloaded = await waitForMessage(
      (message) => message.type === "page" && message.userId === "lead-42",
    );
    expect(reloaded.anonymousId).toBe(first.anonymousId);

    await page.evaluate(() => (window as unknown as Snippet).leadscore.alias("crm-42"));
    expect(await waitForMessage((message) => message.type === "alias")).toMatchObject({
      userId: "crm-42",
      previousId: "lead-42",
      anonymousId: first.anonymousId,
    });

    await page.evaluate(() => {
      (window as unknown as Snippet).leadscore.reset();
      (window as unknown as Snippet).leadscore.page("After reset");
    });
    const afterReset = await waitForMessage((message) => message.name === "After reset");
    expect(afterReset.userId).toBeUndefined();
    expect(afterReset.anonymousId).toMatch(uuidPattern);
    expect(afterReset.anonymousId).not.toBe(first.anonymousId);
    const stored = await storedIds(page);
    expect([stored.local, stored.cookie?.value]).toEqual([
      afterReset.anonymousId,
      afterReset.anonymousId,
    ]);
  });

  it("keeps undelivered messages across a reload while the endpoint fails, then delivers them", async () => {
    servers.setCollectStatus(503);
    const page = await openPage(
      "/offline",
      loadCall({ heartbeatIntervalMs: 0, flushIntervalMs: 60_000 }),
    );
    const firstView = await waitForMessage((message) => message.type === "page");
    await page.evaluate(() => (window as unknown as Snippet).leadscore.track("pricing-viewed"));
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("ls_q") ?? "[]"));
    expect(queued.map((message: TrackerMessage) => message.type)).toEqual(["page", "track"]);

    await page.reload();
    const secondView = await waitForMessage(
      (message) => message.type === "page" && message.messageId !== firstView.messageId,
    );
    servers.setCollectStatus(200);
    const delivered = await waitFor(() =>
      servers.requests.find(
        (request) =>
          request.status === 200 &&
          request.batch.some((message) => message.messageId === firstView.messageId) &&
          request.batch.some((message) => message.messageId === secondView.messageId),
      ),
    );
    expect(delivered.batch.map((message) => message.event ?? message.type)).toEqual([
      "page",
      "pricing-viewed",
      "page",
    ]);
    const emptied = () => page.evaluate(() => localStorage.getItem("ls_q") === null || undefined);
    expect(await waitFor(emptied)).toBe(true);
  });

  it("drops a batch the server refuses with a 4xx instead of retrying it", async () => {
    servers.setCollectStatus(400);
    const page = await openPage("/refused", loadCall({ heartbeatIntervalMs: 0 }));
    await waitForMessage((message) => message.type === "page");
    const emptied = () => page.evaluate(() => localStorage.getItem("ls_q") === null || undefined);
    expect(await waitFor(emptied)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(servers.requests).toHaveLength(1);
  });

  it("stays silent under Global Privacy Control only when told to respect it", async () => {
    servers.setPage(
      "/private",
      snippetPage(servers.collectOrigin, loadCall({ respectDoNotTrack: true })),
    );
    servers.setPage("/default", snippetPage(servers.collectOrigin, loadCall({})));
    context = await browser.newContext();
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }),
    );
    const page = await context.newPage();
    await page.goto(`${servers.siteOrigin}/private`);
    await page.evaluate(() => (window as unknown as Snippet).leadscore.track("ignored"));
    await page.goto(`${servers.siteOrigin}/default`);
    const view = await waitForMessage((message) => message.type === "page");
    expect(view.properties?.path).toBe("/default");
    expect(servers.messages()).toEqual([view]);
  });

  it("flushes what waits when the visitor leaves the page", async () => {
    const page = await openPage(
      "/leave",
      loadCall({ heartbeatIntervalMs: 0, flushIntervalMs: 60_000 }),
    );
    await waitForMessage((message) => message.type === "page");
    await page.evaluate(() => (window as unknown as Snippet).leadscore.track("cta-clicked"));
    await page.goto(`${servers.siteOrigin}/blank`);
    const clicked = await waitForMessage(isTrack("cta-clicked"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(countOf(isTrack("cta-clicked"))).toBe(1);
    expect(requestOf(clicked)).toMatchObject({
      writeKey: "pk_test",
      fetchMode: "no-cors",
      contentType: expect.stringMatching(/^text\/plain/),
    });
  });

  it("sends presence heartbeats while the tab is visible and none while it is hidden", async () => {
    const page = await openPage("/live", loadCall({ heartbeatIntervalMs: 250 }));
    const isHeartbeat = isTrack("presence.heartbeat");
    await waitFor(() => (countOf(isHeartbeat) >= 3 ? true : undefined));
    expect(servers.messages(isHeartbeat)[0]?.properties).toEqual({
      url: `${servers.siteOrigin}/live`,
    });

    const setVisibility = (state: DocumentVisibilityState) =>
      page.evaluate((visibility) => {
        Object.defineProperty(document, "visibilityState", {
          configurable: true,
          value: visibility,
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileHidden = countOf(isHeartbeat);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(countOf(isHeartbeat)).toBe(whileHidden);

    await setVisibility("visible");
    expect(await waitFor(() => (countOf(isHeartbeat) > whileHidden ? true : undefined))).toBe(true);
  });

  it("stays within its size budget and carries no Node built-ins", () => {
    expect(gzipBytes).toBeLessThanOrEqual(trackerGzipBudgetBytes);
    expect(trackerCode).not.toMatch(/\brequire\(|node:/);
  });
});
