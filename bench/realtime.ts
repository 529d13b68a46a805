// Real time, in one run, each beside its baseline:
//  1. latency from a tracker event arriving to the queue update leaving the server (received by 100 stream
//     clients on 127.0.0.1), under a steady background load; beside a bare SSE fan-out to 100 clients;
//  2. reading the top 50 of a queue over 1M leads; beside an indexed SQLite top-50 query over the same rows.
// Run: npm run bench:realtime [-- --seconds 20 --streams 100 --rate 2000 --leads 1000000]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { seededRandom } from "@leadscore/core";
import { spawnServe } from "../packages/server/src/testing/spawn-serve.ts";
import type { ProbeConfig, ProbeResult } from "./realtime-probe.ts";
import { callsModelText, measureTop50 } from "./realtime-top50.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    streams: { type: "string", default: "100" },
    rate: { type: "string", default: "2000" },
    leads: { type: "string", default: "1000000" },
    "stream-leads": { type: "string", default: "20000" },
    port: { type: "string", default: "38100" },
    store: { type: "string", default: "both" },
  },
});
const seconds = Number(values.seconds);
const streams = Number(values.streams);
const rate = Number(values.rate);
const port = Number(values.port);
const streamLeads = Number(values["stream-leads"]);
const BATCH = 10;
const PROBE_EVERY_MS = 200;
const VIPS = 1000;

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(path: string, key: string | null, body: string, targetPort = port, method = "POST") {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: targetPort,
        path,
        method,
        agent,
        headers: {
          "content-type":
            path.startsWith("/v1/queues") || path.startsWith("/v1/models")
              ? "application/yaml"
              : "application/json",
          "content-length": Buffer.byteLength(body),
          ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The measuring client (bench/realtime-probe.ts) in its own process, its streams open; `go` starts the probes. */
async function startProbe(config: Omit<ProbeConfig, "streams" | "seconds">) {
  const full: ProbeConfig = { ...config, streams, seconds };
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "realtime-probe.ts"), JSON.stringify(full)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`probe client exited (${code}): ${out}`)));
  });
  const done = new Promise<ProbeResult>((resolve, reject) =>
    child.once("exit", () => {
      const line = /^result (.*)$/m.exec(out);
      if (line === null) reject(new Error(`probe client: ${out}`));
      else resolve(JSON.parse(line[1] ?? "{}") as ProbeResult);
    }),
  );
  await ready;
  return {
    go: () => {
      child.stdin?.write("go\n");
      return done;
    },
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: percentile(sorted, 1),
  };
}

/** Baseline: a bare SSE fan-out in its own process, idle, measured the same way. */
async function bareFanout() {
  const fanoutPort = port + 1;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "sse-fanout-server.ts"), String(fanoutPort)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve) =>
    child.stdout?.on(
      "data",
      (chunk: Buffer) => chunk.toString().includes("listening") && resolve(),
    ),
  );
  const probe = await startProbe({
    mode: "fanout",
    port: fanoutPort,
    path: "/stream",
    key: null,
    probes: 200,
    everyMs: 25,
  });
  const result = await probe.go();
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return summary(result.latenciesMs);
}

async function eventToStream(store: "sqlite" | "memory") {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-realtime-"));
  const dbPath = store === "memory" ? ":memory:" : join(dir, "bench.db");
  const server = await spawnServe({ dbPath, port, logLevel: "warn" });
  const key = server.adminKey ?? "";
  try {
    const model = await post("/v1/models/calls", key, callsModelText(), port, "PUT");
    const queue = await post("/v1/queues/callers", key, "id: callers\nmodel: calls\n", port, "PUT");
    if (model.status !== 200 || queue.status !== 200)
      throw new Error(`${model.body} ${queue.body}`);
    const at = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const tierOf = (i: number) => (i < VIPS ? "vip" : i % 2 === 0 ? "high" : "medium");
    const userOf = (i: number) => (i < VIPS ? `vip${i}` : `u${i}`);
    for (let i = 0; i < streamLeads; i += 500) {
      const batch = Array.from({ length: Math.min(500, streamLeads - i) }, (_, j) => ({
        type: "identify",
        userId: userOf(i + j),
        traits: { tier: tierOf(i + j), name: `Lead ${i + j}` },
        timestamp: at,
      }));
      await post("/v1/batch", key, JSON.stringify({ batch }));
    }
    const random = seededRandom(7);
    const probe = await startProbe({
      mode: "queue",
      port,
      path: "/v1/queues/callers/stream?limit=50",
      key,
      probes: VIPS,
      everyMs: PROBE_EVERY_MS,
    });
    let running = true;
    let sentEvents = 0;
    const ackMs: number[] = [];
    const load = (async () => {
      const intervalMs = (BATCH / rate) * 1000;
      let next = performance.now();
      let seq = 0;
      const pending = new Set<Promise<unknown>>();
      while (running) {
        const batch = Array.from({ length: BATCH }, () => {
          const lead = VIPS + Math.floor(random() * (streamLeads - VIPS));
          const roll = random();
          const type = roll < 0.4 ? "page" : "track";
          return {
            type,
            userId: `u${lead}`,
            messageId: `load-${seq++}`,
            ...(type === "track"
              ? { event: roll < 0.8 ? "presence.heartbeat" : "email.clicked" }
              : { properties: { url: "https://shop.example/pricing" } }),
          };
        });
        const t0 = performance.now();
        const sending = post("/v1/batch", key, JSON.stringify({ batch })).then(() =>
          ackMs.push(performance.now() - t0),
        );
        pending.add(sending);
        void sending.finally(() => pending.delete(sending));
        sentEvents += BATCH;
        next += intervalMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
      await Promise.all(pending);
    })();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    ackMs.length = 0;
    const eventsBefore = sentEvents;
    const startedAt = performance.now();
    const result = await probe.go();
    const elapsedS = (performance.now() - startedAt) / 1000;
    running = false;
    await load;
    return {
      ...summary(result.latenciesMs),
      probes: result.probes,
      deliveriesMissing: result.probes * streams - result.latenciesMs.length,
      backgroundEventsPerSecond: Math.round((sentEvents - eventsBefore) / elapsedS),
      probeAck: {
        what: "the probe's own HTTP ack (durable commit), for scale",
        ...summary(result.ackMs),
      },
      backgroundAck: summary(ackMs),
    };
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

const bare = await bareFanout();
const stores =
  values.store === "both" ? (["sqlite", "memory"] as const) : [values.store as "sqlite" | "memory"];
const live: Record<string, unknown> = {};
for (const store of stores) live[store] = await eventToStream(store);
agent.destroy();
const top50 = Number(values.leads) > 0 ? await measureTop50(Number(values.leads)) : null;
// One line: bench/run.ts reads the last line that starts with "{".
console.log(
  JSON.stringify({
    bench: "realtime",
    note: "shared 2-core machine; compare ratios within one run",
    eventToQueueUpdate: {
      what: `tracker page view → update on each of ${streams} queue streams, under ${rate} events/s of page views, heartbeats and clicks; sqlite is the durable default (an fsync per group commit), memory isolates the real-time path from the disk`,
      ...live,
      target: { p99Ms: 25 },
    },
    bareSseFanout: { what: `node:http SSE write to ${streams} clients, idle`, ...bare },
    top50: { ...top50, target: { p99Ms: 1 } },
  }),
);
