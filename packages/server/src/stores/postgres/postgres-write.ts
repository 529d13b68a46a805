import type pg from "pg";
import type { RemoteUnit, WriteUnit } from "../../ports/store.ts";
import { API_KEY_COLUMNS, apiKeyValues, FEEDBACK_COLUMNS, feedbackValues } from "../sql-rows.ts";
import { StoreFailure } from "../store-failure.ts";
import { appendResult, appendStatements, eraseEvents, sqlText } from "./postgres-event-log.ts";
import { writeRealtime } from "./postgres-realtime-tables.ts";
import { writeUserTables } from "./postgres-user-tables.ts";

/** Channel on which a commit tells the other processes to catch up; the payload is the writer. */
export const NOTIFY_CHANNEL = "leadscore_log";

/** SQLSTATE classes and codes after which the same transaction may succeed later. */
const RETRIABLE_SQLSTATE = /^(08|40001|40P01|53|57P0[1-3]|55P03|58)/;
const RETRIABLE_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);

export function classifyPostgresError(error: unknown): StoreFailure {
  if (error instanceof StoreFailure) return error;
  const code =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : String(error);
  const retriable =
    RETRIABLE_SQLSTATE.test(code) ||
    RETRIABLE_NODE.has(code) ||
    /Connection terminated|timeout/i.test(message);
  return new StoreFailure(message, { code: code || "PG_ERROR", retriable, cause: error });
}

/** Last write per key wins, in key order: one row per key per statement, locks always taken in one order. */
function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** The parts of a unit the other processes must apply to their in-memory state, or null. */
export function remotePart(unit: WriteUnit): RemoteUnit | null {
  const part: Record<string, unknown> = {};
  let any = false;
  for (const field of [
    "identities",
    "merges",
    "eraseLeadIds",
    "suppressions",
    "modelVersions",
    "keys",
    "revokeKeys",
    "presence",
    "queueVersions",
    "releaseClaims",
  ] as const) {
    const rows = unit[field];
    if (rows !== undefined && rows.length > 0) {
      part[field] = rows;
      any = true;
    }
  }
  return any ? (part as RemoteUnit) : null;
}

export interface WrittenUnit {
  readonly inserted: boolean[];
  readonly eventsErased: number;
  /** The highest `seq` this unit appended, 0 for none. */
  readonly lastEventSeq: number;
  /** The `changes` row this unit wrote, 0 for none. */
  readonly changeSeq: number;
}

/**
 * Every statement of one unit and its COMMIT, on a client inside an open transaction that holds
 * the write lock; `endEventSeq` is where the log ended when the lock was taken. What most units
 * write (events, identities, merges, the `changes` row, the notification) goes in the last round
 * trip, with COMMIT: a plain ingest unit costs that one round trip after the lock's.
 */
export async function writeUnit(
  client: pg.PoolClient,
  unit: WriteUnit,
  writer: string,
  endEventSeq: number,
  pruneChangesOlderThanMs: number | null = null,
): Promise<WrittenUnit> {
  let eventsErased = 0;
  if (unit.eraseMessageIds?.length) {
    eventsErased = await eraseEvents(
      (sql, params) => client.query(sql, params),
      unit.eraseMessageIds,
    );
  }
  if (unit.eraseLeadIds?.length) {
    const ids = [unit.eraseLeadIds];
    await client.query("DELETE FROM identities WHERE lead_id = ANY($1::text[])", ids);
    await client.query(
      "DELETE FROM merges WHERE from_id = ANY($1::text[]) OR into_id = ANY($1::text[])",
      ids,
    );
    await client.query("DELETE FROM feedback WHERE lead_id = ANY($1::text[])", ids);
  }
  const failed = unit.failedEvents ?? [];
  if (failed.length > 0) {
    await client.query(
      `INSERT INTO failed_events (received_at, code, detail, pointer, payload)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        failed.map((f) => f.receivedAt),
        failed.map((f) => f.code),
        failed.map((f) => f.detail),
        failed.map((f) => f.pointer),
        failed.map((f) => f.payload),
      ],
    );
  }
  for (const f of unit.feedback ?? []) {
    await client.query(
      `INSERT INTO feedback (${FEEDBACK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      feedbackValues(f),
    );
  }
  for (const m of unit.modelVersions ?? []) {
    await client.query(
      "INSERT INTO model_versions (model_id, version, name, document, published_at, retroactive) VALUES ($1, $2, $3, $4, $5, $6)",
      [m.modelId, m.version, m.name, m.document, m.publishedAt, m.retroactive],
    );
  }
  for (const k of unit.keys ?? []) {
    await client.query(
      `INSERT INTO api_keys (${API_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      apiKeyValues(k),
    );
  }
  for (const { id, at } of unit.revokeKeys ?? []) {
    await client.query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [
      at,
      id,
    ]);
  }
  if (unit.suppressions?.length) {
    await client.query(
      "INSERT INTO suppressions (hash) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING",
      [unit.suppressions],
    );
  }
  for (const a of unit.audit ?? []) {
    await client.query("INSERT INTO audit (at, action, detail) VALUES ($1, $2, $3)", [
      a.at,
      a.action,
      JSON.stringify(a.detail),
    ]);
  }
  for (const [key, value] of Object.entries(unit.meta ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    await client.query(
      "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }
  await writeUserTables(client, unit);
  await writeRealtime(client, unit);
  return finish(client, unit, writer, endEventSeq, eventsErased, pruneChangesOlderThanMs);
}

/**
 * Delete `changes` rows older than `olderThanMs` (database clock), always keeping the newest, and
 * remember the highest seq deleted: a follower still behind it reloads instead (ADR 0050).
 */
export function pruneChangesSql(olderThanMs: number): string {
  if (!Number.isSafeInteger(olderThanMs)) throw new Error(`not an integer: ${olderThanMs}`);
  return `WITH gone AS (
      DELETE FROM changes
      WHERE at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint - ${olderThanMs}
        AND seq < (SELECT max(seq) FROM changes)
      RETURNING seq)
    INSERT INTO changes_pruned (one, through) SELECT true, max(seq) FROM gone HAVING count(*) > 0
    ON CONFLICT (one) DO UPDATE SET through = greatest(changes_pruned.through, excluded.through)`;
}

/** The last round trip of a unit: its events, identities, merges, `changes` row, notification and COMMIT. */
async function finish(
  client: pg.PoolClient,
  unit: WriteUnit,
  writer: string,
  endEventSeq: number,
  eventsErased: number,
  pruneChangesOlderThanMs: number | null,
): Promise<WrittenUnit> {
  const events = unit.events ?? [];
  const appends = appendStatements(events, endEventSeq);
  const statements = appends.map((a) => a.sql);
  if (unit.identities?.length) {
    const links = lastPerKey(unit.identities, (l) => l.identifier);
    const rows = JSON.stringify(links.map((l) => [l.identifier, l.leadId]));
    statements.push(
      `INSERT INTO identities (identifier, lead_id)
       SELECT r->>0, r->>1 FROM jsonb_array_elements(${sqlText(rows)}::jsonb) AS x(r)
       ON CONFLICT (identifier) DO UPDATE SET lead_id = excluded.lead_id`,
    );
  }
  if (unit.merges?.length) {
    const merges = lastPerKey(unit.merges, (m) => m.fromLeadId);
    const rows = JSON.stringify(merges.map((m) => [m.fromLeadId, m.intoLeadId, m.at]));
    statements.push(
      `INSERT INTO merges (from_id, into_id, at)
       SELECT r->>0, r->>1, (r->>2)::bigint FROM jsonb_array_elements(${sqlText(rows)}::jsonb) AS x(r)
       ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, at = excluded.at`,
    );
  }
  const remote = remotePart(unit);
  const changeAt = statements.length;
  if (remote !== null) {
    statements.push(
      `INSERT INTO changes (writer, unit) VALUES (${sqlText(writer)}, ${sqlText(JSON.stringify(remote))}) RETURNING seq`,
    );
  }
  // Delivered at COMMIT; a unit whose events were all duplicates wakes the others for nothing.
  if (remote !== null || events.length > 0 || eventsErased > 0) {
    statements.push(`SELECT pg_notify('${NOTIFY_CHANNEL}', ${sqlText(writer)})`);
  }
  if (pruneChangesOlderThanMs !== null) statements.push(pruneChangesSql(pruneChangesOlderThanMs));
  statements.push("COMMIT");
  const raw = (await client.query(statements.join(";\n"))) as unknown;
  const results = (Array.isArray(raw) ? raw : [raw]) as pg.QueryResult[];
  const inserted = new Array<boolean>(events.length).fill(false);
  let lastEventSeq = 0;
  appends.forEach((append, i) => {
    const row = results[i]?.rows[0] as { n: number; fresh: string | null } | undefined;
    lastEventSeq = Math.max(
      lastEventSeq,
      appendResult(append, row, inserted, append.base - endEventSeq),
    );
  });
  const changeSeq =
    remote === null ? 0 : ((results[changeAt]?.rows[0] as { seq: number } | undefined)?.seq ?? 0);
  return { inserted, eventsErased, lastEventSeq, changeSeq };
}
