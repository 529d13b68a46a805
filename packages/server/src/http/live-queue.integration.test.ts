// The issue's scenario end to end: a real server, the real snippet in Debian's Chromium on a customer's
// site (another origin), and an agent's page following the queue with EventSource.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { buildTracker } from "@leadscore/tracker";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../../test-support/launch-chromium.ts";
import { type App, createApp } from "../composition-root.ts";
import { callerMessages, publishCallers } from "../use-case-tests/queue-fixture.ts";
import { createHttpApp } from "./create-http-app.ts";
import { createHttpLogger } from "./http-logger.ts";

const PRESENCE_MS = 3000;
let app: App;
let api: ServerType;
let site: Server;
let browser: Browser;
let apiOrigin: string;
let sitePort: number;
let publishableKey: string;
let streamToken: string;
const contexts: BrowserContext[] = [];
/** What the server answered to each collect request, by the page's origin. */
const collected: { origin: string | null; status: number }[] = [];

type AgentView = { top: (string | null)[]; events: number };

const agentPage = (token: string) => `<!doctype html><title>Agent</title><script>
window.view = { top: [], events: 0 };
var entries = {}, order = [];
var source = new EventSource("/v1/queues/callers/stream?limit=200&token=${token}");
function apply(event) {
  var body = JSON.parse(event.data);
  if (event.type === "snapshot") {
    entries = {};
    body.data.forEach(function (e) { entries[e.leadId] = e; });
    order = body.data.map(function (e) { return e.leadId; });
  } else {
    (body.remove || []).forEach(function (id) { delete entries[id]; });
    (body.upsert || []).forEach(function (e) { entries[e.leadId] = e; });
    var previous = order;
    if (body.order) order = body.order.map(function (x) { return typeof x === "number" ? previous[x] : x; });
  }
  window.view = { top: order.map(function (id) { return entries[id] ? entries[id].userId : null; }), events: window.view.events + 1 };
}
source.addEventListener("snapshot", apply);
source.addEventListener("update", apply);
</script>`;

const shopPage = (userId: string) => `<!doctype html><html><head><title>Pricing</title><script>
window.leadscore = window.leadscore || [];
["load", "page", "track", "identify", "alias", "reset"].forEach(function (m) {
  leadscore[m] = leadscore[m] || function () { leadscore.push([m].concat([].slice.call(arguments))); };
});
leadscore.load(${JSON.stringify(publishableKey)}, { host: ${JSON.stringify(apiOrigin)}, heartbeatIntervalMs: 1000 });
leadscore.identify(${JSON.stringify(userId)});
</script><script async src="${apiOrigin}/t.js"></script></head><body>Plans and prices</body></html>`;

beforeAll(async () => {
  app = await createApp({ dbPath: ":memory:" });
  await publishCallers(app.services, `${PRESENCE_MS / 1000}s`);
  await app.services.ingest.ingest({
    messages: callerMessages({ high: 100, medium: 100 }, Date.now() - 3_600_000),
    receivedAt: Date.now(),
  });
  const http = createHttpApp(app.services, {
    logger: createHttpLogger({ level: "silent" }),
    staticAssets: { trackerScript: (await buildTracker()).code },
  });
  api = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/agent")
        return new Response(agentPage(streamToken), { headers: { "content-type": "text/html" } });
      const response = await http.fetch(request);
      if (path === "/v1/batch")
        collected.push({ origin: request.headers.get("origin"), status: response.status });
      return response;
    },
  });
  await new Promise((resolve) => api.once("listening", resolve));
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  site = createServer((request, response) => {
    const userId = new URL(request.url ?? "/", "http://x").searchParams.get("as") ?? "";
    response.writeHead(200, { "content-type": "text/html" }).end(shopPage(userId));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  sitePort = (site.address() as AddressInfo).port;
  const pk = await app.services.keys.create({
    kind: "publishable",
    name: "shop",
    allowedOrigins: [`http://127.0.0.1:${sitePort}`],
  });
  if (!pk.ok) throw new Error(pk.error.detail);
  publishableKey = pk.value.secret;
  const admin = await app.services.keys.authenticate(app.adminKey ?? "");
  if (admin === null) throw new Error("no admin key");
  streamToken = (await app.services.streamTokens.issue(admin)).token;
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
  api?.close();
  await app?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

const viewOf = (page: Page) => page.evaluate(() => (window as unknown as { view: AgentView }).view);

async function waitForView(
  page: Page,
  test: (view: AgentView) => boolean,
  timeoutMs: number,
): Promise<number> {
  const startedAt = Date.now();
  for (;;) {
    if (test(await viewOf(page))) return Date.now() - startedAt;
    if (Date.now() - startedAt > timeoutMs)
      throw new Error(
        `view not reached in ${timeoutMs} ms: ${JSON.stringify((await viewOf(page)).top.slice(0, 3))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the live call queue in Chromium", () => {
  it("puts a medium-score lead browsing the site first within a second, and drops it back when it leaves", async () => {
    const agent = await newPage();
    await agent.goto(`${apiOrigin}/agent`);
    await waitForView(agent, (view) => view.top.length === 200, 5000);
    const start = (await viewOf(agent)).top;
    expect(start.slice(0, 100).every((id) => id?.startsWith("h"))).toBe(true);
    expect(start.slice(100).every((id) => id?.startsWith("m"))).toBe(true);

    const shop = await newPage();
    const openedAt = Date.now();
    await shop.goto(`http://127.0.0.1:${sitePort}/pricing?as=m42`);
    await waitForView(agent, (view) => view.top[0] === "m42", 3000);
    const jumpMs = Date.now() - openedAt;
    console.info(`jump to first: ${jumpMs} ms`);
    expect(jumpMs).toBeLessThan(1000);

    // Heartbeats keep the visitor present well past the presence time while the page stays open.
    await new Promise((resolve) => setTimeout(resolve, PRESENCE_MS + 1500));
    expect((await viewOf(agent)).top[0]).toBe("m42");

    const closedAt = Date.now();
    await shop.close();
    await waitForView(agent, (view) => view.top[0]?.startsWith("h") === true, PRESENCE_MS + 3000);
    const dropMs = Date.now() - closedAt;
    const after = (await viewOf(agent)).top;
    expect(after.indexOf("m42")).toBe(100);
    expect(dropMs).toBeGreaterThan(PRESENCE_MS - 1100);
  }, 30_000);

  it("ignores the snippet on an origin the publishable key does not allow", async () => {
    const agent = await newPage();
    await agent.goto(`${apiOrigin}/agent`);
    await waitForView(agent, (view) => view.top.length === 200, 5000);
    const shop = await newPage();
    // Same server, other origin: localhost is not 127.0.0.1 to the browser or the key.
    const origin = `http://localhost:${sitePort}`;
    await shop.goto(`${origin}/pricing?as=m7`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const refused = collected.filter((entry) => entry.origin === origin);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((entry) => entry.status === 403)).toBe(true);
    expect((await viewOf(agent)).top.indexOf("m7")).toBeGreaterThanOrEqual(100);
    await shop.close();
  }, 20_000);
});
