import type Database from "better-sqlite3";
import type {
  ClaimRequest,
  ClaimRow,
  PresenceRow,
  QueueVersionRow,
  WriteUnit,
} from "../../ports/store.ts";
import { claimFor } from "../claim-for.ts";
import { CLAIM_COLUMNS, type ClaimRecord, toClaim } from "../sql-rows.ts";

// The realtime tables (presence, queue definitions, claims) of the SQLite store.

// Heartbeats arrive with most commits: prepare their upsert once per database.
const presenceUpserts = new WeakMap<Database.Database, Database.Statement>();

export function writeRealtime(
  db: Database.Database,
  unit: Pick<WriteUnit, "presence" | "queueVersions" | "releaseClaims">,
): void {
  if (unit.presence?.length) {
    let upsert = presenceUpserts.get(db);
    if (upsert === undefined) {
      upsert = db.prepare(
        "INSERT INTO presence (lead_id, seen_at) VALUES (?, ?) ON CONFLICT (lead_id) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)",
      );
      presenceUpserts.set(db, upsert);
    }
    for (const row of unit.presence) upsert.run(row.leadId, row.seenAt);
  }
  for (const q of unit.queueVersions ?? []) {
    db.prepare(
      "INSERT INTO queue_versions (queue_id, version, document, published_at, deleted) VALUES (?, ?, ?, ?, ?)",
    ).run(q.queueId, q.version, q.document, q.publishedAt, q.deleted ? 1 : 0);
  }
  for (const id of unit.releaseClaims ?? []) {
    db.prepare("DELETE FROM claims WHERE id = ?").run(id);
  }
}

export function readPresence(db: Database.Database): PresenceRow[] {
  const rows = db.prepare("SELECT lead_id, seen_at FROM presence").all() as {
    lead_id: string;
    seen_at: number;
  }[];
  return rows.map((r) => ({ leadId: r.lead_id, seenAt: r.seen_at }));
}

export function readQueueVersions(db: Database.Database): QueueVersionRow[] {
  const rows = db
    .prepare(
      "SELECT queue_id, version, document, published_at, deleted FROM queue_versions ORDER BY queue_id, version",
    )
    .all() as {
    queue_id: string;
    version: number;
    document: string;
    published_at: number;
    deleted: number;
  }[];
  return rows.map((r) => ({
    queueId: r.queue_id,
    version: r.version,
    document: r.document,
    publishedAt: r.published_at,
    deleted: r.deleted === 1,
  }));
}

/** The claim check and write; the caller runs it in an IMMEDIATE transaction. */
export function claimLead(db: Database.Database, request: ClaimRequest): ClaimRow | null {
  if (request.candidates.length === 0) return null;
  const taken = new Set(
    db
      .prepare(
        "SELECT lead_id FROM claims WHERE lead_id IN (SELECT value FROM json_each(?)) AND lease_until > ?",
      )
      .pluck()
      .all(JSON.stringify(request.candidates), request.now) as string[],
  );
  const leadId = request.candidates.find((id) => !taken.has(id));
  if (leadId === undefined) return null;
  const claim = claimFor(request, leadId);
  db.prepare(
    `INSERT INTO claims (${CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (lead_id) DO UPDATE SET id = excluded.id, queue_id = excluded.queue_id,
           agent_id = excluded.agent_id, claimed_at = excluded.claimed_at, lease_until = excluded.lease_until`,
  ).run(claim.leadId, claim.id, claim.queueId, claim.agentId, claim.claimedAt, claim.leaseUntil);
  return claim;
}

export function renewClaim(
  db: Database.Database,
  claimId: string,
  leaseUntil: number,
  now: number,
): ClaimRow | null {
  const row = db
    .prepare(
      `UPDATE claims SET lease_until = ? WHERE id = ? AND lease_until > ?
         RETURNING ${CLAIM_COLUMNS}`,
    )
    .get(leaseUntil, claimId, now) as ClaimRecord | undefined;
  return row === undefined ? null : toClaim(row);
}

export function readActiveClaims(db: Database.Database, now: number): ClaimRow[] {
  const rows = db
    .prepare(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE lease_until > ?`)
    .all(now) as ClaimRecord[];
  return rows.map(toClaim);
}
