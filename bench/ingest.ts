// Durable ingest over HTTP: a child `leadscore serve` per store, this process posts pre-built batches
// over keep-alive sockets. Baselines in the same run: the engine alone in this process.
// Run: node --import tsx bench/ingest.ts [--seconds 8] [--connections 64] [--batch 100] [--leads 20000]
//        [--ids counter|uuid|uuidv7] [--stores sqlite,postgres] [--profile <dir>] [--node-args="<flags>"]
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
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
import pg from "pg";
import { parse as parseYaml } from "yaml";
import {
  createTestDatabase,
  POSTGRES_ADMIN_URL,
  type TestDatabase,
} from "../packages/server/src/testing/postgres-test-database.ts";
import { spawnServe } from "../packages/server/src/testing/spawn-serve.ts";
import { createTimeOrderedUuid } from "../packages/tracker/src/browser/create-uuid.ts";
import { buildRequest, percentileMs, runLoad } from "./http-load.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    // 16 left the server's main thread ~30 % idle (the rate was in-flight events / ack latency): 64 saturate it.
    connections: { type: "string", default: "64" },
    batch: { type: "string", default: "100" },
    leads: { type: "string", default: "20000" },
    port: { type: "string", default: "38000" },
    ids: { type: "string", default: "counter" },
    // Published before the load, so every event is scored as in `npm start`; "none" measures storage alone.
    models: { type: "string", default: "saas-main,car-dealer" },
    profile: { type: "string" },
    "node-args": { type: "string" },
    stores: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const batchSize = Number(values.batch);
const leadCount = Number(values.leads);
const port = Number(values.port);
const idKind = values.ids === "uuid" || values.ids === "uuidv7" ? values.ids : "counter";
const ID_LABELS = {
  counter: "client counter (b<request>-<item>)",
  uuid: "random UUIDs (v4)",
  uuidv7: "time-ordered UUIDs (v7, as the tracker sends)",
};

function messageId(n: number, i: number): string {
  if (idKind === "uuid") return randomUUID();
  if (idKind === "uuidv7") return createTimeOrderedUuid();
  return `b${n}-${i}`;
}
/** Enough pre-built requests for this rate over the whole run; the run ends early if they run out. */
const MAX_EVENTS_PER_SECOND = 160_000;
const root = join(import.meta.dirname, "..");
const EVENTS = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "email.opened",
  "form.submitted",
];

let seed = 12345;
function rand(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

const publishedModels =
  values.models === "none" ? [] : values.models.split(",").map((model) => model.trim());

function batchBody(n: number): string {
  const batch = [];
  for (let i = 0; i < batchSize; i++) {
    const lead = Math.floor(rand() * leadCount);
    batch.push({
      type: "track",
      messageId: messageId(n, i),
      userId: `u${lead}`,
      event: EVENTS[Math.floor(rand() * EVENTS.length)],
      properties: { campaignId: "spring-launch", url: "/pricing", fieldsCount: 6 },
    });
  }
  return JSON.stringify({ batch });
}

async function reachablePostgres(): Promise<boolean> {
  try {
    await (await createTestDatabase()).drop();
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) of each thread of a process, by thread id, from /proc (Linux). */
function threadCpuSeconds(pid: number): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.split(") ")[1]?.split(" ") ?? [];
      seconds.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return seconds;
}

/**
 * Where the server's CPU went during the run: its main thread, its busiest other thread (the SQLite
 * writer; Node gives threads no names, so it is picked by usage) and the rest (GC helpers, libuv pool).
 */
function cpuSplit(pid: number, before: Map<string, number>, after: Map<string, number>) {
  let main = 0;
  let busiest = 0;
  let all = 0;
  for (const [tid, s] of after) {
    const used = s - (before.get(tid) ?? 0);
    all += used;
    if (tid === String(pid)) main = used;
    else busiest = Math.max(busiest, used);
  }
  return { main, writer: busiest, rest: all - main - busiest, all };
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

interface StoreUnderTest {
  readonly label: string;
  readonly open: () => Promise<{ dbPath: string } | { databaseUrl: string }>;
  readonly dispose: () => Promise<void>;
  /** Counters of the database server outside the child: its backends' CPU seconds, WAL bytes. */
  readonly serverSide?: () => Promise<{ backendCpuS: number; walBytes: number }>;
}

function sqliteStore(): StoreUnderTest {
  const dir = mkdtempSync(join(tmpdir(), "leadscore-bench-ingest-"));
  return {
    label: "sqlite (WAL, synchronous=FULL)",
    open: async () => ({ dbPath: join(dir, "bench.db") }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** CPU seconds of a process (user + system) from /proc, 0 when it is gone. */
function pidCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function postgresStore(): StoreUnderTest {
  let database: TestDatabase | null = null;
  return {
    label: "postgresql (synchronous_commit=on)",
    open: async () => {
      database = await createTestDatabase();
      return { databaseUrl: database.url };
    },
    dispose: async () => database?.drop(),
    // The backends serving the child (its pool and listener), and the server's WAL position (all
    // databases: other work on the same server counts too).
    serverSide: async () => {
      const client = new pg.Client({ connectionString: database?.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ pid: number; wal: string }>(
          `SELECT pid, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        const cpu = rows.reduce((sum, row) => sum + pidCpuSeconds(row.pid), 0);
        const wal = (
          await client.query<{ wal: string }>(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal",
          )
        ).rows[0]?.wal;
        return { backendCpuS: cpu, walBytes: Number(wal ?? 0) };
      } finally {
        await client.end();
      }
    },
  };
}

async function measure(store: StoreUnderTest) {
  const server = await spawnServe({
    ...(await store.open()),
    port,
    logLevel: "warn",
    nodeArgs: [
      ...(values["node-args"]?.split(" ").filter((arg) => arg !== "") ?? []),
      ...(values.profile === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", values.profile]),
    ],
  });
  try {
    const key = server.adminKey;
    if (key === null) throw new Error("a fresh database should print an admin key");
    const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
    for (const model of publishedModels) {
      const put = await fetch(`http://127.0.0.1:${port}/v1/models/${model}`, {
        method: "PUT",
        headers: { "content-type": "application/yaml", authorization: `Bearer ${key}` },
        body: readFileSync(join(root, `examples/models/${model}.yaml`), "utf8"),
      });
      if (!put.ok) throw new Error(`publishing ${model}: ${put.status} ${await put.text()}`);
    }
    const request = (body: string) => buildRequest(`127.0.0.1:${port}`, "/v1/batch", headers, body);
    // Warm up the JIT and the store with batches that are not counted.
    const warm = Array.from({ length: 200 }, (_, i) => request(batchBody(-1 - i)));
    await runLoad({ port, connections, requests: warm, seconds: 30 });
    const count = Math.ceil((seconds * MAX_EVENTS_PER_SECOND) / batchSize);
    const requests = Array.from({ length: count }, (_, n) => request(batchBody(n)));
    const side0 = await store.serverSide?.();
    const clientCpu0 = process.cpuUsage();
    const pid = server.child.pid ?? 0;
    const serverCpu0 = threadCpuSeconds(pid);
    const loadBefore = loadavg()[0] ?? 0;
    const load = await runLoad({ port, connections, requests, seconds });
    const clientCpu = process.cpuUsage(clientCpu0);
    const cpu = cpuSplit(pid, serverCpu0, threadCpuSeconds(pid));
    const side1 = await store.serverSide?.();
    const sorted = [...load.latenciesMs].sort((a, b) => a - b);
    const ok = load.statuses.get(200) ?? 0;
    const perEvent = (s: number) => Number(((s * 1e6) / Math.max(1, ok * batchSize)).toFixed(1));
    return {
      store: store.label,
      requests: sorted.length,
      failures: sorted.length - ok,
      seconds: Number(load.elapsedS.toFixed(2)),
      ranOutOfRequests: load.exhausted,
      durableEventsPerSecond: Math.round((ok * batchSize) / load.elapsedS),
      p50AckMs: percentileMs(sorted, 0.5),
      p99AckMs: percentileMs(sorted, 0.99),
      serverCpuCores: Number((cpu.all / load.elapsedS).toFixed(2)),
      serverCpuMicrosPerEvent: {
        mainThread: perEvent(cpu.main),
        writerThread: perEvent(cpu.writer),
        otherThreads: perEvent(cpu.rest),
      },
      /** The machine's 1-minute load average before and after the timed run (2 cores here). */
      loadAverage: [loadBefore, loadavg()[0] ?? 0].map((l) => Number(l.toFixed(2))),
      clientCpuCores: Number(
        ((clientCpu.user + clientCpu.system) / 1e6 / load.elapsedS).toFixed(2),
      ),
      ...(side0 === undefined || side1 === undefined
        ? {}
        : {
            databaseBackendCpuMicrosPerEvent: perEvent(side1.backendCpuS - side0.backendCpuS),
            walBytesPerEvent: Math.round(
              (side1.walBytes - side0.walBytes) / Math.max(1, ok * batchSize),
            ),
          }),
    };
  } finally {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    await store.dispose();
  }
}

const wanted = new Set((values.stores ?? "sqlite,postgres").split(","));
const sqlite = await measure(sqliteStore());
const postgres = !wanted.has("postgres")
  ? null
  : (await reachablePostgres())
    ? await measure(postgresStore())
    : { store: "postgresql", skipped: `unreachable at ${POSTGRES_ADMIN_URL}` };
const engine = engineRate();
console.log(
  JSON.stringify(
    {
      bench: "ingest",
      batchSize,
      connections,
      leads: leadCount,
      messageIds: ID_LABELS[idKind],
      scoredBy: publishedModels.length === 0 ? "no model (storage alone)" : publishedModels,
      stores: postgres === null ? [sqlite] : [sqlite, postgres],
      baseline: {
        engineInProcessEventsPerSecond: Math.round(engine),
        engineToSqliteRatio: Number((engine / sqlite.durableEventsPerSecond).toFixed(2)),
        ...(postgres !== null && "durableEventsPerSecond" in postgres
          ? {
              engineToPostgresRatio: Number((engine / postgres.durableEventsPerSecond).toFixed(2)),
            }
          : {}),
      },
      target: { sqliteDurableEventsPerSecond: 100_000, postgresDurableEventsPerSecond: 50_000 },
    },
    null,
    2,
  ),
);
