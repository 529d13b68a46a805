// The PostgreSQL store's append alone, in process: units of events committed one after another as
// the ingest pipeline does (lock, then the unit with COMMIT), on a fresh database. Prints the rate
// and what each event costs the database: backend CPU and WAL bytes.
// Then reads the whole log back in pages of 5,000, as a restart does.
// Run: node --import tsx bench/postgres-append.ts [--units 300] [--unit 800] [--body lz4|pglz|external|none]
// (`--body none` leaves the table as it is, so the file also runs on a build from before segments.)
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import type { StoredEvent } from "../packages/server/src/ports/store.ts";
import { PostgresLeadStore } from "../packages/server/src/stores/postgres/postgres-store.ts";
import { createTestDatabase } from "../packages/server/src/testing/postgres-test-database.ts";

const { values } = parseArgs({
  options: {
    units: { type: "string", default: "300" },
    unit: { type: "string", default: "800" },
    leads: { type: "string", default: "20000" },
    body: { type: "string", default: "lz4" },
  },
});
const units = Number(values.units);
const unitSize = Number(values.unit);
const leads = Array.from({ length: Number(values.leads) }, () => `ld_${randomUUID()}`);
const EVENTS = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "email.opened",
  "form.submitted",
];

function unit(n: number): StoredEvent[] {
  return Array.from({ length: unitSize }, (_, i) => ({
    messageId: `b${n}-${i}`,
    leadId: leads[(n * 7919 + i * 104_729) % leads.length] as string,
    type: "track",
    event: EVENTS[i % EVENTS.length] as string,
    timestamp: 1_764_650_000_000 + n * 1000 + i,
    receivedAt: 1_764_650_000_000 + n * 1000,
    anonymousId: null,
    userId: `u${(n * 31 + i) % leads.length}`,
    properties: { campaignId: "spring-launch", url: "/pricing", fieldsCount: 6 },
    traits: null,
  }));
}

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const database = await createTestDatabase();
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
const store = new PostgresLeadStore({ url: database.url });
try {
  await store.migrate();
  if (values.body === "none") {
    // as migrated
  } else if (values.body === "external") {
    await sql.query("ALTER TABLE event_segments ALTER COLUMN body SET STORAGE EXTERNAL");
  } else {
    await sql.query(
      `ALTER TABLE event_segments ALTER COLUMN body SET COMPRESSION ${values.body === "pglz" ? "pglz" : "lz4"}`,
    );
  }
  const prepared = Array.from({ length: units + 20 }, (_, n) => unit(n));
  const commit = async (events: StoredEvent[]) => {
    const lock = await store.lockWrites();
    await store.commit({ events }, lock);
  };
  for (const events of prepared.slice(0, 20)) await commit(events);
  const counters = async () => {
    const { rows } = await sql.query<{ pid: number; wal: string }>(
      `SELECT pid, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const wal = await sql.query<{ wal: string }>(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS wal",
    );
    return {
      cpu: rows.reduce((sum, row) => sum + cpuSeconds(row.pid), 0),
      wal: Number(wal.rows[0]?.wal ?? 0),
    };
  };
  const before = await counters();
  const client0 = process.cpuUsage();
  const startedAt = performance.now();
  for (const events of prepared.slice(20)) await commit(events);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const client = process.cpuUsage(client0);
  const after = await counters();
  const total = units * unitSize;
  const readFrom = performance.now();
  let read = 0;
  for (let afterSeq = 0; ; ) {
    const page = await store.readEvents(afterSeq, 5000);
    read += page.events.length;
    if (page.nextSeq === null) break;
    afterSeq = page.nextSeq;
  }
  const readS = (performance.now() - readFrom) / 1000;
  // One line, as bench/run.ts reads it.
  console.log(
    JSON.stringify({
      bench: "postgres-append",
      unit: unitSize,
      units,
      body: values.body,
      eventsPerSecond: Math.round(total / elapsedS),
      msPerUnit: Number(((elapsedS * 1000) / units).toFixed(2)),
      backendCpuMicrosPerEvent: Number((((after.cpu - before.cpu) * 1e6) / total).toFixed(2)),
      clientCpuMicrosPerEvent: Number(((client.user + client.system) / total).toFixed(2)),
      walBytesPerEvent: Math.round((after.wal - before.wal) / total),
      replay: { events: read, eventsPerSecond: Math.round(read / readS) },
    }),
  );
} finally {
  await store.close();
  await sql.end();
  await database.drop();
}
