// Durable ingest over HTTP: a child `leadscore serve` on a temp SQLite file, this process posts batches.
// Run: node --import tsx bench/ingest.ts [--seconds 8] [--connections 16] [--batch 100] [--leads 20000]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  applyEvent,
  compileModel,
  createIncrementalState,
  type IncrementalState,
  type LeadEvent,
  parseModel,
} from "@leadscore/core";
import { parse as parseYaml } from "yaml";
import { spawnServe } from "../packages/server/src/testing/spawn-serve.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "16" },
    batch: { type: "string", default: "100" },
    leads: { type: "string", default: "20000" },
    port: { type: "string", default: "38555" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const batchSize = Number(values.batch);
const leadCount = Number(values.leads);
const port = Number(values.port);
const root = join(import.meta.dirname, "..");
const EVENTS = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "email.opened",
  "form.submitted",
];

async function startServer(dbPath: string) {
  const server = await spawnServe({ dbPath, port, logLevel: "warn" });
  if (server.adminKey === null) throw new Error("a fresh database should print an admin key");
  return { child: server.child, key: server.adminKey };
}

function post(agent: Agent, path: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${key}`,
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function makeBatch(seq: number, rand: () => number): string {
  const batch = [];
  for (let i = 0; i < batchSize; i++) {
    const lead = Math.floor(rand() * leadCount);
    const event = EVENTS[Math.floor(rand() * EVENTS.length)] ?? "email.clicked";
    batch.push({
      type: "track",
      messageId: `~${seq}-${i}`,
      userId: `u${lead}`,
      event,
      properties: { campaignId: "spring-launch", url: "/pricing", fieldsCount: 6 },
    });
  }
  return JSON.stringify({ batch });
}

/** The engine alone, in this process: applyEvent over pre-built events on many leads. */
function engineRate(): number {
  const doc = parseYaml(readFileSync(join(root, "examples/models/saas-main.yaml"), "utf8"));
  const parsed = parseModel(doc);
  if (!parsed.ok) throw new Error("example model invalid");
  const compiled = compileModel(parsed.value);
  const states = new Map<number, IncrementalState>();
  const events: { lead: number; event: LeadEvent }[] = [];
  let t = Date.parse("2026-01-01T00:00:00Z");
  for (let i = 0; i < 1_000_000; i++) {
    t += 7;
    events.push({
      lead: i % leadCount,
      event: {
        messageId: `e${i}`,
        type: EVENTS[i % EVENTS.length] ?? "x",
        timestamp: t,
        properties: { campaignId: "spring-launch", url: "/pricing", fieldsCount: 6 },
      },
    });
  }
  const startedAt = performance.now();
  for (const { lead, event } of events) {
    let state = states.get(lead);
    if (state === undefined) {
      state = createIncrementalState(compiled, { events: [], identified: true });
      states.set(lead, state);
    }
    applyEvent(compiled, state, event, {});
  }
  return events.length / ((performance.now() - startedAt) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-ingest-"));
const { child, key } = await startServer(join(dir, "bench.db"));
try {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const bodies = Array.from({ length: 400 }, (_, i) => makeBatch(i, rand));
  // Warm up the JIT and the connection pool.
  await Promise.all(
    bodies
      .slice(0, connections)
      .map((b) => post(agent, "/v1/batch", key, b.replaceAll('"~', '"w'))),
  );
  const latenciesMs: number[] = [];
  let sent = 0;
  let failures = 0;
  const endAt = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endAt) {
        const n = sent++;
        const body = (bodies[n % bodies.length] ?? "").replaceAll(
          '"~',
          `"r${Math.floor(n / bodies.length)}-`,
        );
        const t0 = performance.now();
        const status = await post(agent, "/v1/batch", key, body);
        latenciesMs.push(performance.now() - t0);
        if (status !== 200) failures++;
      }
    }),
  );
  const elapsedS = (performance.now() - startedAt) / 1000;
  latenciesMs.sort((a, b) => a - b);
  const durable = (latenciesMs.length * batchSize) / elapsedS;
  const engine = engineRate();
  console.log(
    JSON.stringify(
      {
        bench: "ingest",
        store: "sqlite (WAL, synchronous=FULL)",
        batchSize,
        connections,
        seconds: Number(elapsedS.toFixed(2)),
        requests: latenciesMs.length,
        failures,
        durableEventsPerSecond: Math.round(durable),
        p50AckMs: Number((latenciesMs[Math.floor(latenciesMs.length * 0.5)] ?? 0).toFixed(2)),
        p99AckMs: Number((latenciesMs[Math.floor(latenciesMs.length * 0.99)] ?? 0).toFixed(2)),
        engineInProcessEventsPerSecond: Math.round(engine),
        engineToDurableRatio: Number((engine / durable).toFixed(2)),
        target: { durableEventsPerSecond: 100_000 },
      },
      null,
      2,
    ),
  );
  agent.destroy();
} finally {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  rmSync(dir, { recursive: true, force: true });
}
