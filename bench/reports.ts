// The funnel and backtests at scale: a SQLite file with N identified leads over 90 days (4–8 events
// each: page views, email clicks, some demo requests and won deals), then GET /v1/funnel and
// POST /v1/backtests through the HTTP layer in-process, as the dashboard calls them.
// Run: node --import tsx bench/reports.ts [--leads 100000] [--rounds 20]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createApp, openStore } from "../packages/server/src/composition-root.ts";
import { createHttpApp } from "../packages/server/src/http/create-http-app.ts";
import type { StoredEvent } from "../packages/server/src/ports/store.ts";

const { values } = parseArgs({
  options: {
    leads: { type: "string", default: "100000" },
    rounds: { type: "string", default: "20" },
  },
});
const leadCount = Number(values.leads);
const rounds = Number(values.rounds);
const root = join(import.meta.dirname, "..");
const saasMain = readFileSync(join(root, "examples/models/saas-main.yaml"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-reports-"));
const dbPath = join(dir, "reports.db");
const DAY_MS = 86_400_000;
const round2 = (ms: number) => Math.round(ms * 100) / 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function eventsOf(i: number, now: number): StoredEvent[] {
  const start = now - 90 * DAY_MS + ((i * 7919) % (85 * DAY_MS));
  const base = {
    leadId: `ld_${i}`,
    anonymousId: null,
    userId: `u${i}`,
    properties: null,
    traits: null,
  };
  const at = (step: number) => start + step * ((i % 13) + 1) * 3_600_000;
  const events: StoredEvent[] = [
    {
      ...base,
      messageId: `i${i}`,
      type: "identify",
      event: "identify",
      timestamp: at(0),
      receivedAt: at(0),
      traits: {
        email: `lead${i}@example.com`,
        jobTitle: i % 3 === 0 ? "VP Sales" : "Engineer",
        employees: i % 500,
      },
    },
  ];
  const extra = 3 + (i % 5);
  for (let step = 1; step <= extra; step++) {
    const page = step % 2 === 1;
    events.push({
      ...base,
      messageId: `e${i}-${step}`,
      type: page ? "page" : "track",
      event: page ? "page.viewed" : "email.clicked",
      timestamp: at(step),
      receivedAt: at(step),
      properties: page
        ? { url: i % 4 === 0 ? "https://x.example/pricing" : "https://x.example/blog" }
        : { campaignId: i % 5 === 0 ? "spring-launch" : "news" },
    });
  }
  if (i % 7 === 0) {
    events.push({
      ...base,
      messageId: `d${i}`,
      type: "track",
      event: "demo.requested",
      timestamp: at(extra + 1),
      receivedAt: at(extra + 1),
    });
  }
  if (i % 21 === 0) {
    events.push({
      ...base,
      messageId: `w${i}`,
      type: "track",
      event: "deal.won",
      timestamp: at(extra + 8),
      receivedAt: at(extra + 8),
    });
  }
  return events;
}

try {
  const now = Date.now();
  const store = openStore(dbPath);
  await store.migrate();
  let eventCount = 0;
  for (let start = 0; start < leadCount; start += 10_000) {
    const events: StoredEvent[] = [];
    for (let i = start; i < Math.min(leadCount, start + 10_000); i++)
      events.push(...eventsOf(i, now));
    eventCount += events.length;
    await store.commit({
      events,
      identities: events
        .filter((e) => e.type === "identify")
        .map((e) => ({ identifier: `u:${e.userId}`, leadId: e.leadId })),
    });
  }
  await store.close();

  const app = await createApp({ dbPath });
  await app.services.models.put({
    id: "saas-main",
    source: { text: saasMain, format: "yaml" },
    retroactive: false,
  });
  const http = createHttpApp(app.services, { logger: pino({ level: "silent" }) });
  const headers = { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" };
  const call = async (method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const response = await http.app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.json();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  /** Time one call while measuring the longest event-loop stall it caused. */
  const timed = async (run: () => Promise<number>) => {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const ms = await run();
    lag.disable();
    return { ms: round2(ms), maxEventLoopStallMs: round2(lag.max / 1e6) };
  };
  /** p50 and p99 over `rounds` calls, after one unmeasured call (the collector cleans up the cold call's garbage). */
  const repeat = async (run: () => Promise<number>) => {
    await run();
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) times.push(await run());
    times.sort((a, b) => a - b);
    return { p50Ms: round2(percentile(times, 50)), p99Ms: round2(percentile(times, 99)) };
  };

  const funnel = (days: number) => () =>
    call("GET", `/v1/funnel?model=saas-main&from=${now - days * DAY_MS}&to=${now + 1}`);
  const funnelCold = await timed(funnel(90));
  const funnelColdAgain = await timed(() =>
    call(
      "GET",
      `/v1/funnel?model=saas-main&from=${now - 90 * DAY_MS}&to=${now + 1}&outcome=deal.closed`,
    ),
  );
  const funnelWarm90 = await repeat(funnel(90));
  const funnelWarm30 = await repeat(funnel(30));
  // 1% of the leads get a new event: only they are replayed on the next call.
  await app.services.ingest.ingest({
    messages: Array.from({ length: leadCount / 100 }, (_, k) => ({
      type: "track",
      userId: `u${k * 100}`,
      event: "demo.requested",
      timestamp: new Date(now - 1000).toISOString(),
    })),
    receivedAt: now,
  });
  const funnelAfterOnePercentChanged = await timed(funnel(90));

  const cutoff = now - 45 * DAY_MS;
  const draft = (await app.services.models.get("saas-main")) as {
    ok: true;
    value: { document: Record<string, unknown> };
  };
  const lowered = {
    ...draft.value.document,
    stages: [
      { stage: "mql", when: { score: { gte: 31 } } },
      { stage: "sql", when: { event: "demo.requested" } },
    ],
  };
  const backtestOne = { models: [{ id: "saas-main" }], cutoff, horizon: "30d" };
  const compare = { models: [{ id: "saas-main" }, { document: lowered }], cutoff, horizon: "30d" };
  const backtestCold = await timed(() => call("POST", "/v1/backtests", backtestOne));
  const backtestCached = await repeat(() => call("POST", "/v1/backtests", backtestOne));
  const compareWithDraft = await timed(() => call("POST", "/v1/backtests", compare));
  await app.close();
  console.log(
    JSON.stringify(
      {
        leads: leadCount,
        events: eventCount,
        rounds,
        funnel: {
          firstCall: funnelCold,
          firstCallOtherOutcome: funnelColdAgain,
          cached90Days: funnelWarm90,
          cached30Days: funnelWarm30,
          afterOnePercentOfLeadsChanged: funnelAfterOnePercentChanged,
        },
        backtest: {
          oneModelFirstCall: backtestCold,
          oneModelCached: backtestCached,
          publishedAgainstDraft: compareWithDraft,
        },
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
