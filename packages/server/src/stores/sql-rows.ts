import type {
  ApiKeyRow,
  ClaimRow,
  FeedbackRow,
  IdempotencyRecord,
  SessionRow,
  UserRole,
  UserRow,
} from "../ports/store.ts";

// Tables the two SQL stores (SQLite, PostgreSQL) lay out alike: their columns, a row as the driver
// returns it, and the conversion to the port's rows (and back, for values to insert). The SQL around
// them stays with each store: placeholders, types and upserts differ.

export const API_KEY_COLUMNS =
  "id, kind, name, scopes, allowed_origins, hash, prefix, created_at, revoked_at, public_key";

export type ApiKeyRecord = {
  id: string;
  kind: "secret" | "publishable";
  name: string;
  scopes: string;
  allowed_origins: string;
  hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
  public_key: string | null;
};

export function toApiKey(r: ApiKeyRecord): ApiKeyRow {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    scopes: JSON.parse(r.scopes) as string[],
    allowedOrigins: JSON.parse(r.allowed_origins) as string[],
    hash: r.hash,
    prefix: r.prefix,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    ...(r.public_key === null ? {} : { publicKey: r.public_key }),
  };
}

/** A key's values in API_KEY_COLUMNS order. */
export function apiKeyValues(k: ApiKeyRow): unknown[] {
  return [
    k.id,
    k.kind,
    k.name,
    JSON.stringify(k.scopes),
    JSON.stringify(k.allowedOrigins),
    k.hash,
    k.prefix,
    k.createdAt,
    k.revokedAt,
    k.publicKey ?? null,
  ];
}

export const FEEDBACK_COLUMNS = "id, lead_id, model, verdict, note, at, key_id";

export type FeedbackRecord = {
  id: string;
  lead_id: string;
  model: string | null;
  verdict: "good_fit" | "bad_fit";
  note: string | null;
  at: number;
  key_id: string | null;
};

export function toFeedbackRow(r: FeedbackRecord): FeedbackRow {
  return {
    id: r.id,
    leadId: r.lead_id,
    model: r.model,
    verdict: r.verdict,
    note: r.note,
    at: r.at,
    keyId: r.key_id,
  };
}

/** A mark's values in FEEDBACK_COLUMNS order. */
export function feedbackValues(f: FeedbackRow): unknown[] {
  return [f.id, f.leadId, f.model, f.verdict, f.note, f.at, f.keyId];
}

export const USER_COLUMNS = "id, email, role, password_hash, created_at, updated_at, disabled_at";

export type UserRecord = {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
};

export function toUser(r: UserRecord): UserRow {
  return {
    id: r.id,
    email: r.email,
    role: r.role as UserRole,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    disabledAt: r.disabled_at,
  };
}

export const SESSION_COLUMNS = "token_hash, user_id, created_at, last_seen_at, expires_at";

export type SessionRecord = {
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
};

export function toSession(r: SessionRecord): SessionRow {
  return {
    tokenHash: r.token_hash,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  };
}

export const CLAIM_COLUMNS = "lead_id, id, queue_id, agent_id, claimed_at, lease_until";

export type ClaimRecord = {
  lead_id: string;
  id: string;
  queue_id: string;
  agent_id: string;
  claimed_at: number;
  lease_until: number;
};

export function toClaim(row: ClaimRecord): ClaimRow {
  return {
    id: row.id,
    leadId: row.lead_id,
    queueId: row.queue_id,
    agentId: row.agent_id,
    claimedAt: row.claimed_at,
    leaseUntil: row.lease_until,
  };
}

export const IDEMPOTENCY_COLUMNS = "fingerprint, status, content_type, body, expires_at";

export type IdempotencyRecordRow = {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  expires_at: number;
};

/** A held slot: its fingerprint, the stored answer once the first request finished, its expiry. */
export function toIdempotencyRecord(row: IdempotencyRecordRow): IdempotencyRecord {
  return {
    fingerprint: row.fingerprint,
    response:
      row.status === null
        ? null
        : { status: row.status, contentType: row.content_type ?? "", body: row.body ?? "" },
    expiresAt: row.expires_at,
  };
}
