import type pg from "pg";
import type {
  ApiKeyRow,
  AuditRow,
  FailedEventRow,
  FeedbackRow,
  IdempotencyRecord,
  IdentityLink,
  LeadMerge,
  ModelVersionRow,
  StoredResponse,
} from "../../ports/store.ts";
import {
  API_KEY_COLUMNS,
  type ApiKeyRecord,
  FEEDBACK_COLUMNS,
  type FeedbackRecord,
  IDEMPOTENCY_COLUMNS,
  type IdempotencyRecordRow,
  toApiKey,
  toFeedbackRow,
  toIdempotencyRecord,
} from "../sql-rows.ts";

// The reads of the PostgreSQL store, over any query function (the pool, or a client in a transaction).

export type Query = <R extends pg.QueryResultRow>(
  sql: string,
  params?: unknown[],
) => Promise<pg.QueryResult<R>>;

export async function identities(query: Query): Promise<readonly IdentityLink[]> {
  const { rows } = await query<{ identifier: string; lead_id: string }>(
    "SELECT identifier, lead_id FROM identities",
  );
  return rows.map((r) => ({ identifier: r.identifier, leadId: r.lead_id }));
}

export async function merges(query: Query): Promise<readonly LeadMerge[]> {
  const { rows } = await query<{ from_id: string; into_id: string; at: number }>(
    "SELECT from_id, into_id, at FROM merges",
  );
  return rows.map((r) => ({ fromLeadId: r.from_id, intoLeadId: r.into_id, at: r.at }));
}

export async function feedbackOf(
  query: Query,
  leadIds: readonly string[],
): Promise<readonly FeedbackRow[]> {
  const { rows } = await query<FeedbackRecord>(
    `SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE lead_id = ANY($1::text[]) ORDER BY at, id`,
    [leadIds],
  );
  return rows.map(toFeedbackRow);
}

export async function allFeedback(query: Query): Promise<readonly FeedbackRow[]> {
  const { rows } = await query<FeedbackRecord>(
    `SELECT ${FEEDBACK_COLUMNS} FROM feedback ORDER BY at, id`,
    [],
  );
  return rows.map(toFeedbackRow);
}

export async function modelVersions(query: Query): Promise<readonly ModelVersionRow[]> {
  const { rows } = await query<{
    model_id: string;
    version: number;
    name: string;
    document: string;
    published_at: number;
    retroactive: boolean;
  }>(
    "SELECT model_id, version, name, document, published_at, retroactive FROM model_versions ORDER BY model_id, version",
  );
  return rows.map((r) => ({
    modelId: r.model_id,
    version: r.version,
    name: r.name,
    document: r.document,
    publishedAt: r.published_at,
    retroactive: r.retroactive,
  }));
}

export async function keys(query: Query): Promise<readonly ApiKeyRow[]> {
  const { rows } = await query<ApiKeyRecord>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`,
  );
  return rows.map(toApiKey);
}

export async function suppressions(query: Query): Promise<readonly string[]> {
  const { rows } = await query<{ hash: string }>("SELECT hash FROM suppressions");
  return rows.map((r) => r.hash);
}

export async function failedEvents(
  query: Query,
  limit: number,
): Promise<readonly FailedEventRow[]> {
  const { rows } = await query<{
    received_at: number;
    code: string;
    detail: string;
    pointer: string;
    payload: string;
  }>(
    "SELECT received_at, code, detail, pointer, payload FROM failed_events ORDER BY id DESC LIMIT $1",
    [limit],
  );
  return rows.reverse().map((r) => ({
    receivedAt: r.received_at,
    code: r.code,
    detail: r.detail,
    pointer: r.pointer,
    payload: r.payload,
  }));
}

export async function countFailedEvents(query: Query): Promise<number> {
  const { rows } = await query<{ n: number }>("SELECT count(*)::integer AS n FROM failed_events");
  return rows[0]?.n ?? 0;
}

export async function audit(query: Query, limit: number): Promise<readonly AuditRow[]> {
  const { rows } = await query<{ at: number; action: string; detail: string }>(
    "SELECT at, action, detail FROM audit ORDER BY id DESC LIMIT $1",
    [limit],
  );
  return rows.reverse().map((r) => ({ at: r.at, action: r.action, detail: JSON.parse(r.detail) }));
}

export async function getMeta(query: Query, key: string): Promise<string | null> {
  const { rows } = await query<{ value: string }>("SELECT value FROM meta WHERE key = $1", [key]);
  return rows[0]?.value ?? null;
}

export async function claimIdempotencySlot(
  query: Query,
  slot: string,
  fingerprint: string,
  now: number,
  heldUntil: number,
): Promise<IdempotencyRecord | null> {
  // One statement: insert, or take over a record that has expired; a live one stays as it is.
  const claimed = await query(
    `INSERT INTO idempotency (slot, fingerprint, expires_at) VALUES ($1, $2, $4)
     ON CONFLICT (slot) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL,
       content_type = NULL, body = NULL, expires_at = excluded.expires_at
     WHERE idempotency.expires_at <= $3
     RETURNING slot`,
    [slot, fingerprint, now, heldUntil],
  );
  if ((claimed.rowCount ?? 0) > 0) return null;
  const { rows } = await query<IdempotencyRecordRow>(
    `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency WHERE slot = $1`,
    [slot],
  );
  const row = rows[0];
  if (row === undefined) return claimIdempotencySlot(query, slot, fingerprint, now, heldUntil);
  return toIdempotencyRecord(row);
}

export async function finishIdempotencySlot(
  query: Query,
  slot: string,
  response: StoredResponse | null,
  expiresAt: number,
): Promise<void> {
  if (response === null) {
    await query("DELETE FROM idempotency WHERE slot = $1", [slot]);
    return;
  }
  await query(
    "UPDATE idempotency SET status = $2, content_type = $3, body = $4, expires_at = $5 WHERE slot = $1",
    [slot, response.status, response.contentType, response.body, expiresAt],
  );
}
