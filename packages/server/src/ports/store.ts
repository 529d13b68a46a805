// The one store port. Every write goes through `commit(unit)`: one unit of work = one transaction,
// so an adapter (memory, SQLite, PostgreSQL) can make it atomic without the use cases knowing how.

/** Segment call type, or `manual` for changes made by a person through the API. */
export type MessageType = "track" | "page" | "identify" | "alias" | "group" | "manual";

/** One row of the durable, append-only event log: the source of truth for all lead state. */
export interface StoredEvent {
  readonly messageId: string;
  /** The lead the event was resolved to when it arrived (follow merges to find the lead now). */
  readonly leadId: string;
  readonly type: MessageType;
  /** The event name rules match on: `email.clicked`, `page.viewed`, `identify`, `stage.set`, … */
  readonly event: string;
  /** Epoch ms, clock-skew corrected. */
  readonly timestamp: number;
  readonly receivedAt: number;
  readonly anonymousId: string | null;
  readonly userId: string | null;
  readonly properties: Readonly<Record<string, unknown>> | null;
  readonly traits: Readonly<Record<string, unknown>> | null;
}

/** An identifier (`u:<userId>`, `a:<anonymousId>`, `e:<email>`) pointing at a lead id. */
export interface IdentityLink {
  readonly identifier: string;
  readonly leadId: string;
}

/** `fromLeadId` now resolves to `intoLeadId`; its events count for that lead. */
export interface LeadMerge {
  readonly fromLeadId: string;
  readonly intoLeadId: string;
  readonly at: number;
}

export interface FailedEventRow {
  readonly receivedAt: number;
  readonly code: string;
  readonly detail: string;
  readonly pointer: string;
  /** The raw item as received, serialised (truncated by the use case when huge). */
  readonly payload: string;
}

export interface FeedbackRow {
  readonly id: string;
  readonly leadId: string;
  readonly model: string | null;
  readonly verdict: "good_fit" | "bad_fit";
  readonly note: string | null;
  readonly at: number;
  readonly keyId: string | null;
}

export interface ModelVersionRow {
  readonly modelId: string;
  readonly version: number;
  readonly name: string;
  /** The validated model document as JSON text. */
  readonly document: string;
  readonly publishedAt: number;
  readonly retroactive: boolean;
}

export interface ApiKeyRow {
  readonly id: string;
  readonly kind: "secret" | "publishable";
  readonly name: string;
  readonly scopes: readonly string[];
  readonly allowedOrigins: readonly string[];
  /** Hex SHA-256 of the full key. */
  readonly hash: string;
  readonly prefix: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  /** The full key of a publishable key (public by design, embedded in pages); absent for secrets. */
  readonly publicKey?: string | null;
}

export interface AuditRow {
  readonly at: number;
  readonly action: string;
  /** Never personal data: ids, counts, codes. */
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/** Everything one transaction writes. Events are inserted unless their messageId already exists. */
export interface WriteUnit {
  readonly events?: readonly StoredEvent[];
  readonly identities?: readonly IdentityLink[];
  readonly merges?: readonly LeadMerge[];
  readonly failedEvents?: readonly FailedEventRow[];
  readonly feedback?: readonly FeedbackRow[];
  readonly modelVersions?: readonly ModelVersionRow[];
  readonly keys?: readonly ApiKeyRow[];
  readonly revokeKeys?: readonly { readonly id: string; readonly at: number }[];
  readonly suppressions?: readonly string[];
  readonly audit?: readonly AuditRow[];
  /** Erase these lead ids: their identities, merges, feedback, presence and claims (events: below). */
  readonly eraseLeadIds?: readonly string[];
  /**
   * Erase these events (an erased lead's events, named by the lead book that holds them all):
   * the log has no index by lead, so an append costs one index (messageId) instead of two.
   */
  readonly eraseMessageIds?: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
  // ---- users and sessions ----
  /** Insert, or replace the user with the same id; a second user with the same email fails the unit. */
  readonly users?: readonly UserRow[];
  /** Delete these users and every session of theirs. */
  readonly deleteUserIds?: readonly string[];
  /** End these sessions (by token hash). */
  readonly endSessions?: readonly string[];
  /** End every session of these users (password reset, disable, role change). */
  readonly endSessionsOfUsers?: readonly string[];
  /** Move a session's idle expiry forward. */
  readonly touchSessions?: readonly { readonly tokenHash: string; readonly at: number }[];
  // ---- realtime: presence and queues ----
  /** Presence heartbeats: one row per lead keeps the latest `seenAt` (an older one changes nothing). */
  readonly presence?: readonly PresenceRow[];
  readonly queueVersions?: readonly QueueVersionRow[];
  /** Claim ids to release (the outcome was recorded, or the agent let go). */
  readonly releaseClaims?: readonly string[];
}

export interface CommitResult {
  /** Parallel to `unit.events`: true when inserted, false when the messageId was already stored. */
  readonly inserted: readonly boolean[];
  readonly eventsErased: number;
  /** The end of the log right after this commit, for stores that other processes write to. */
  readonly position?: LogPosition;
}

/** A held write lock (`Store.lockWrites`); opaque to its holder. */
export interface WriteLock {
  readonly id: number;
}

/** Where a process has followed the log to: the last change unit and the last event it applied. */
export interface LogPosition {
  readonly changeSeq: number;
  readonly eventSeq: number;
}

/** The parts of another process's committed unit that in-memory state follows. */
export type RemoteUnit = RemoteClaims &
  Pick<
    WriteUnit,
    | "identities"
    | "merges"
    | "eraseLeadIds"
    | "suppressions"
    | "modelVersions"
    | "keys"
    | "revokeKeys"
    | "presence"
    | "queueVersions"
    | "releaseClaims"
  >;

/** Claims another process took or renewed (`claimLead`, `renewClaim` are not units). */
export interface RemoteClaims {
  readonly claims?: readonly ClaimRow[];
}

export interface RemoteChanges {
  /** Units in commit order; apply them before `events`. */
  readonly units: readonly RemoteUnit[];
  /** Events in log order (`seq`), without the ones erased since. */
  readonly events: readonly StoredEvent[];
  readonly position: LogPosition;
  /** More changes wait after `position`. */
  readonly more: boolean;
  /**
   * The log no longer holds everything after `from` (an adapter pruned what this process was too
   * far behind to have applied): rebuild from the store, then apply `units`, which then hold what
   * the rebuild does not reload (every key, revoked key, queue version and active claim).
   */
  readonly reload?: boolean;
}

export interface EventPage {
  readonly events: readonly (StoredEvent & { readonly seq: number })[];
  /** Pass as `afterSeq` for the next page; null at the end of the log. */
  readonly nextSeq: number | null;
}

/**
 * What adapters throw when a dependency fails (disk, network, database): `retriable` says whether
 * the same call may succeed later (busy, full, unreachable) or never will (constraint, bad schema).
 */
export interface StoreError extends Error {
  readonly code: string;
  readonly retriable: boolean;
}

export interface Store {
  /** Adapter name for logs and metrics: `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  /** Create or upgrade the schema; idempotent. */
  migrate(): Promise<void>;
  /** True when the store answers and its migrations are applied. */
  ping(): Promise<boolean>;
  /**
   * One transaction. With `lock` (from `lockWrites`) it joins that lock's transaction and ends it;
   * without, it takes the write lock for itself (never pass none while holding one: it would wait).
   */
  commit(unit: WriteUnit, lock?: WriteLock): Promise<CommitResult>;
  /** The log in append order, `limit` rows after `afterSeq` (0 = from the start). */
  readEvents(afterSeq: number, limit: number): Promise<EventPage>;
  countEvents(): Promise<number>;
  identities(): Promise<readonly IdentityLink[]>;
  merges(): Promise<readonly LeadMerge[]>;
  feedbackOf(leadIds: readonly string[]): Promise<readonly FeedbackRow[]>;
  modelVersions(): Promise<readonly ModelVersionRow[]>;
  keys(): Promise<readonly ApiKeyRow[]>;
  suppressions(): Promise<readonly string[]>;
  failedEvents(limit: number): Promise<readonly FailedEventRow[]>;
  countFailedEvents(): Promise<number>;
  audit(limit: number): Promise<readonly AuditRow[]>;
  getMeta(key: string): Promise<string | null>;
  close(): Promise<void>;
  // ---- multi-process: several processes on one store (ADR 0050) ----
  /**
   * Make this process the only writer (across processes) until `releaseWrites`; `commit` in
   * between runs under that lock, so decisions taken after catching up hold at commit time.
   * Single-process stores (memory, SQLite) resolve at once.
   */
  lockWrites(): Promise<WriteLock>;
  /** End the write lock; nothing is written that `commit` did not write. */
  releaseWrites(lock: WriteLock): Promise<void>;
  /** The end of the log now: a process that loads everything follows from here. */
  logPosition(): Promise<LogPosition>;
  /** What other processes committed after `from`, oldest first; single-process stores: nothing. */
  readRemoteChanges(from: LogPosition, limit: number): Promise<RemoteChanges>;
  /** Calls `onCommit` when another process may have committed; returns the unsubscribe. */
  watchRemoteCommits(onCommit: () => void): () => void;
  /** True when other processes may write to this store (so in-memory state must follow them). */
  readonly shared: boolean;
  // ---- idempotency keys: one record per slot, shared by every process ----
  /**
   * Take `slot` for a request with `fingerprint` until `heldUntil`, unless a record that has not
   * expired at `now` holds it (check and write in one transaction). Answers that record, or null
   * when the slot is now this request's.
   */
  claimIdempotencySlot(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): Promise<IdempotencyRecord | null>;
  /** Keep the response of the request holding `slot` until `expiresAt`; null forgets the slot. */
  finishIdempotencySlot(
    slot: string,
    response: StoredResponse | null,
    expiresAt: number,
  ): Promise<void>;
  // ---- users and sessions ----
  /** Every user, oldest first. */
  users(): Promise<readonly UserRow[]>;
  /** By normalised (trimmed, lower-cased) email. */
  userByEmail(email: string): Promise<UserRow | null>;
  userById(id: string): Promise<UserRow | null>;
  sessionByHash(tokenHash: string): Promise<SessionRow | null>;
  /**
   * In one transaction: check that the user exists, is not disabled and still has `passwordHash`
   * (a reset in between wins); end the session `replaces` and every session past its `expiresAt`
   * at `now`; insert `session`. False, with nothing written, when the check fails.
   */
  startSession(session: SessionRow, check: StartSessionCheck): Promise<boolean>;
  // ---- realtime: presence and queues ----
  presence(): Promise<readonly PresenceRow[]>;
  /** Every queue definition version, by queue id then version. */
  queueVersions(): Promise<readonly QueueVersionRow[]>;
  /**
   * Atomically: the first of `candidates` that has no unexpired claim (by any queue or agent) is claimed
   * for the agent until `leaseUntil`; null when every candidate is taken. Check and write are one
   * transaction, so two agents (or processes) never hold the same lead.
   */
  claimLead(request: ClaimRequest): Promise<ClaimRow | null>;
  /** Extends an unexpired claim; null when it expired or was released. */
  renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null>;
  /** Claims whose lease runs past `now`. */
  activeClaims(now: number): Promise<readonly ClaimRow[]>;
  // ---- reports ----
  /** Every feedback row, oldest first (the table is small: people write it by hand). */
  allFeedback(): Promise<readonly FeedbackRow[]>;
}

export interface StoredResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly fingerprint: string;
  /** Null while the first request is still running. */
  readonly response: StoredResponse | null;
  readonly expiresAt: number;
}

// ---- users and sessions ----

export type UserRole = "admin" | "marketer" | "agent";

/** A person who signs in to the dashboard. */
export interface UserRow {
  readonly id: string;
  /** Trimmed and lower-cased; unique. */
  readonly email: string;
  readonly role: UserRole;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url salt and hash): the parameters travel with it. */
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly disabledAt: number | null;
}

/** A signed-in browser. Only the hash of its token is stored. */
export interface SessionRow {
  /** Hex SHA-256 of the session token. */
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: number;
  /** Idle expiry is measured from here. */
  readonly lastSeenAt: number;
  /** Absolute expiry, epoch ms. */
  readonly expiresAt: number;
}

export interface StartSessionCheck {
  readonly passwordHash: string;
  /** Token hash of the session this one replaces (rotation on sign-in), or null. */
  readonly replaces: string | null;
  readonly now: number;
}

// ---- realtime: presence and queues ----

/** The lead was on the site at `seenAt` (a presence heartbeat of the snippet). */
export interface PresenceRow {
  readonly leadId: string;
  readonly seenAt: number;
}

export interface QueueVersionRow {
  readonly queueId: string;
  readonly version: number;
  /** The validated queue document as JSON text. */
  readonly document: string;
  readonly publishedAt: number;
  /** A deletion is a version too: the queue is gone from this version on. */
  readonly deleted: boolean;
}

/** An agent holds a lead until `leaseUntil`; one row per lead. */
export interface ClaimRow {
  readonly id: string;
  readonly leadId: string;
  readonly queueId: string;
  readonly agentId: string;
  readonly claimedAt: number;
  readonly leaseUntil: number;
}

export interface ClaimRequest {
  readonly claimId: string;
  readonly queueId: string;
  readonly agentId: string;
  /** Lead ids in queue order; the first one free is taken. */
  readonly candidates: readonly string[];
  readonly now: number;
  readonly leaseUntil: number;
}
