import type pg from "pg";
import type {
  ClaimRequest,
  ClaimRow,
  PresenceRow,
  QueueVersionRow,
  WriteUnit,
} from "../../ports/store.ts";
import { claimFor } from "../claim-for.ts";
import { CLAIM_COLUMNS, type ClaimRecord, toClaim } from "../sql-rows.ts";
import type { Query } from "./postgres-reads.ts";

// The realtime tables (presence, queue definitions, claims) of the PostgreSQL store.

/** The realtime part of a unit, inside the unit's transaction. */
export async function writeRealtime(client: pg.PoolClient, unit: WriteUnit): Promise<void> {
  if (unit.eraseLeadIds?.length) {
    await client.query("DELETE FROM presence WHERE lead_id = ANY($1::text[])", [unit.eraseLeadIds]);
    await client.query("DELETE FROM claims WHERE lead_id = ANY($1::text[])", [unit.eraseLeadIds]);
  }
  if (unit.presence?.length) {
    // Latest heartbeat per lead, in lead order: one row per key per statement.
    const latest = new Map<string, number>();
    for (const row of unit.presence) {
      latest.set(row.leadId, Math.max(latest.get(row.leadId) ?? row.seenAt, row.seenAt));
    }
    const leads = [...latest.keys()].sort();
    await client.query(
      `INSERT INTO presence (lead_id, seen_at) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (lead_id) DO UPDATE SET seen_at = greatest(presence.seen_at, excluded.seen_at)`,
      [leads, leads.map((id) => latest.get(id))],
    );
  }
  for (const q of unit.queueVersions ?? []) {
    await client.query(
      "INSERT INTO queue_versions (queue_id, version, document, published_at, deleted) VALUES ($1, $2, $3, $4, $5)",
      [q.queueId, q.version, q.document, q.publishedAt, q.deleted],
    );
  }
  if (unit.releaseClaims?.length) {
    await client.query("DELETE FROM claims WHERE id = ANY($1::text[])", [unit.releaseClaims]);
  }
}

export async function readPresence(query: Query): Promise<PresenceRow[]> {
  const { rows } = await query<{ lead_id: string; seen_at: number }>(
    "SELECT lead_id, seen_at FROM presence",
  );
  return rows.map((r) => ({ leadId: r.lead_id, seenAt: r.seen_at }));
}

export async function readQueueVersions(query: Query): Promise<QueueVersionRow[]> {
  const { rows } = await query<{
    queue_id: string;
    version: number;
    document: string;
    published_at: number;
    deleted: boolean;
  }>(
    "SELECT queue_id, version, document, published_at, deleted FROM queue_versions ORDER BY queue_id, version",
  );
  return rows.map((r) => ({
    queueId: r.queue_id,
    version: r.version,
    document: r.document,
    publishedAt: r.published_at,
    deleted: r.deleted,
  }));
}

/**
 * The first candidate without an unexpired claim, inside the caller's transaction (which holds the
 * write lock). Rows are also locked (FOR UPDATE) and inserted with ON CONFLICT, so the check and the
 * claim hold even against a writer that did not take the lock.
 */
export async function claimLead(
  client: pg.PoolClient,
  request: ClaimRequest,
): Promise<ClaimRow | null> {
  if (request.candidates.length === 0) return null;
  for (const leadId of request.candidates) {
    const { rows } = await client.query<{ lease_until: number }>(
      "SELECT lease_until FROM claims WHERE lead_id = $1 FOR UPDATE",
      [leadId],
    );
    const held = rows[0];
    if (held !== undefined && held.lease_until > request.now) continue;
    const claim = claimFor(request, leadId);
    // An expired row is replaced; a row another process inserted meanwhile is left alone.
    const written = await client.query(
      `INSERT INTO claims (${CLAIM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lead_id) DO UPDATE SET id = excluded.id, queue_id = excluded.queue_id,
         agent_id = excluded.agent_id, claimed_at = excluded.claimed_at,
         lease_until = excluded.lease_until
       WHERE claims.lease_until <= $5`,
      [claim.leadId, claim.id, claim.queueId, claim.agentId, claim.claimedAt, claim.leaseUntil],
    );
    if ((written.rowCount ?? 0) === 0) continue;
    return claim;
  }
  return null;
}

export async function renewClaim(
  client: pg.PoolClient,
  claimId: string,
  leaseUntil: number,
  now: number,
): Promise<ClaimRow | null> {
  const { rows } = await client.query<ClaimRecord>(
    `UPDATE claims SET lease_until = $1 WHERE id = $2 AND lease_until > $3 RETURNING ${CLAIM_COLUMNS}`,
    [leaseUntil, claimId, now],
  );
  return rows[0] === undefined ? null : toClaim(rows[0]);
}

export async function readActiveClaims(query: Query, now: number): Promise<ClaimRow[]> {
  const { rows } = await query<ClaimRecord>(
    `SELECT ${CLAIM_COLUMNS} FROM claims WHERE lease_until > $1`,
    [now],
  );
  return rows.map(toClaim);
}
