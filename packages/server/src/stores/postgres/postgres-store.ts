import { randomUUID } from "node:crypto";
import pg from "pg";
import type {
  ApiKeyRow,
  AuditRow,
  ClaimRequest,
  ClaimRow,
  CommitResult,
  EventPage,
  FailedEventRow,
  FeedbackRow,
  IdempotencyRecord,
  IdentityLink,
  LeadMerge,
  LogPosition,
  ModelVersionRow,
  PresenceRow,
  QueueVersionRow,
  RemoteChanges,
  SessionRow,
  StartSessionCheck,
  Store,
  StoredResponse,
  UserRow,
  WriteLock,
  WriteUnit,
} from "../../ports/store.ts";
import { StoreFailure } from "../store-failure.ts";
import * as eventLog from "./postgres-event-log.ts";
import { readRemoteChanges } from "./postgres-follow.ts";
import { applyMigrations, POSTGRES_MIGRATIONS } from "./postgres-migrations.ts";
import { watchCommits } from "./postgres-notifications.ts";
import type { Query } from "./postgres-reads.ts";
import * as reads from "./postgres-reads.ts";
import {
  claimLead,
  readActiveClaims,
  readPresence,
  readQueueVersions,
  renewClaim,
} from "./postgres-realtime-tables.ts";
import { sessionByHash, startSession, userBy, users } from "./postgres-user-tables.ts";
import { classifyPostgresError, NOTIFY_CHANNEL, writeUnit } from "./postgres-write.ts";
import {
  END_OF_LOG,
  endWriteSession,
  PostgresWriteSessions,
  type WriteSession,
} from "./postgres-write-sessions.ts";

/** `pg_advisory_xact_lock` key of migrations (the write lock is in postgres-write-sessions.ts). */
const MIGRATE_LOCK = 4_242_002;
const INT8_OID = 20;

export interface PostgresStoreOptions {
  readonly url: string;
  /** Connections in the pool (one is held by a writer for its transaction). */
  readonly poolSize?: number;
  /** How often a follower looks for other processes' commits when no notification came. */
  readonly pollMs?: number;
  /**
   * `changes` rows older than this are deleted (default 10 minutes): every live process follows
   * within its poll, and one that fell further behind reloads from the tables instead.
   */
  readonly changesRetentionMs?: number;
  /** How often a commit of this process also prunes `changes`, under its lock (default 1 minute). */
  readonly pruneEveryMs?: number;
  /**
   * While a unit of events commits, the next transaction already queues for the write lock, so a
   * busy ingest does not pay that round trip; unused this long after it got the lock, it lets go
   * (default 10 ms: what another process's writer may wait extra; 0 turns it off).
   */
  readonly lockAheadMs?: number;
}

/**
 * The store port on PostgreSQL, for several `leadscore serve` processes on one database. Every
 * commit runs in a transaction holding one advisory lock, so commits are serialised across
 * processes and `seq` order is commit order: a follower reading `seq > last` never skips a row
 * committed late (ADR 0050).
 */
export class PostgresLeadStore implements Store {
  readonly kind = "postgres";
  readonly shared = true;
  readonly #pool: pg.Pool;
  readonly #url: string;
  readonly #pollMs: number;
  readonly #changesRetentionMs: number;
  readonly #pruneEveryMs: number;
  #prunedAt = Number.NEGATIVE_INFINITY;
  readonly #locks: PostgresWriteSessions;
  /** Identifies this process's commits in `changes` and notifications. */
  readonly #writer = `w_${randomUUID()}`;
  /** Transactions that hold the write lock, from `lockWrites` to `commit` or `releaseWrites`. */
  readonly #sessions = new Map<number, WriteSession>();
  #nextLock = 1;

  constructor(options: PostgresStoreOptions) {
    this.#url = options.url;
    this.#pollMs = options.pollMs ?? 100;
    this.#changesRetentionMs = options.changesRetentionMs ?? 10 * 60_000;
    this.#pruneEveryMs = options.pruneEveryMs ?? 60_000;
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 8,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID
            ? Number
            : pg.types.getTypeParser(
                oid,
                format as "text",
              )) as pg.CustomTypesConfig["getTypeParser"],
      },
    });
    // An idle client that loses its connection must not take the process down; the next query reports it.
    this.#pool.on("error", () => undefined);
    this.#locks = new PostgresWriteSessions(() => this.#connect(), options.lockAheadMs ?? 10);
  }

  async migrate(): Promise<void> {
    const client = await this.#connect();
    try {
      await applyMigrations(client, MIGRATE_LOCK);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw classifyPostgresError(error);
    } finally {
      client.release();
    }
  }

  async ping(): Promise<boolean> {
    try {
      const { rows } = await this.#pool.query<{ n: number }>(
        "SELECT count(*)::integer AS n FROM leadscore_migrations",
      );
      return rows[0]?.n === POSTGRES_MIGRATIONS.length;
    } catch {
      return false;
    }
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (error) {
      throw classifyPostgresError(error);
    }
  }

  async lockWrites(): Promise<WriteLock> {
    const lock = { id: this.#nextLock++ };
    this.#sessions.set(lock.id, await this.#locks.take());
    return lock;
  }

  async releaseWrites(lock: WriteLock): Promise<void> {
    const session = this.#sessions.get(lock.id);
    if (session === undefined) return;
    this.#sessions.delete(lock.id);
    await endWriteSession(session);
  }

  async commit(unit: WriteUnit, lock?: WriteLock): Promise<CommitResult> {
    // With a lock the unit joins (and ends) that transaction; alone it takes the lock itself.
    let session: WriteSession;
    if (lock === undefined) session = await this.#locks.take();
    else {
      const held = this.#sessions.get(lock.id);
      if (held === undefined) {
        throw new StoreFailure("the write lock has ended: one commit per lock", {
          code: "LOCK_ENDED",
          retriable: false,
        });
      }
      this.#sessions.delete(lock.id);
      session = held;
    }
    const { client, end } = session;
    if (unit.events !== undefined && unit.events.length > 0) this.#locks.lockAhead();
    try {
      // Ends with COMMIT; the notification goes with it and is delivered when it lands.
      const prune = performance.now() - this.#prunedAt >= this.#pruneEveryMs;
      const written = await writeUnit(
        client,
        unit,
        this.#writer,
        end.eventSeq,
        prune ? this.#changesRetentionMs : null,
      );
      if (prune) this.#prunedAt = performance.now();
      client.release();
      return {
        inserted: written.inserted,
        eventsErased: written.eventsErased,
        position: {
          changeSeq: Math.max(end.changeSeq, written.changeSeq),
          eventSeq: Math.max(end.eventSeq, written.lastEventSeq),
        },
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(true);
      throw classifyPostgresError(error);
    }
  }

  /** Where the log ended when the newest held lock was taken (nobody can move it meanwhile). */
  #lockedEnd(): LogPosition | null {
    let latest: LogPosition | null = null;
    for (const session of this.#sessions.values()) latest = session.end;
    return latest;
  }

  async logPosition(): Promise<LogPosition> {
    const { rows } = await this.#query<{ change_seq: number; event_seq: number }>(END_OF_LOG);
    return { changeSeq: rows[0]?.change_seq ?? 0, eventSeq: rows[0]?.event_seq ?? 0 };
  }

  async readRemoteChanges(from: LogPosition, limit: number): Promise<RemoteChanges> {
    // Under the lock the end of the log is known: a writer that is up to date reads nothing.
    const locked = this.#lockedEnd();
    if (
      locked !== null &&
      locked.changeSeq === from.changeSeq &&
      locked.eventSeq === from.eventSeq
    ) {
      return { units: [], events: [], position: from, more: false };
    }
    const client = await this.#connect();
    return readRemoteChanges(client, from, limit, this.#writer);
  }

  watchRemoteCommits(onCommit: () => void): () => void {
    return watchCommits(this.#url, this.#writer, this.#pollMs, onCommit);
  }

  /** Pool queries whose failures say whether a retry can help. */
  readonly #read: Query = (sql, params) => this.#query(sql, params);

  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    try {
      return await this.#pool.query<R>(sql, params);
    } catch (error) {
      throw classifyPostgresError(error);
    }
  }

  readEvents(afterSeq: number, limit: number): Promise<EventPage> {
    return eventLog.readEvents(this.#read, afterSeq, limit);
  }

  countEvents(): Promise<number> {
    return eventLog.countEvents(this.#read);
  }

  identities(): Promise<readonly IdentityLink[]> {
    return reads.identities(this.#read);
  }

  merges(): Promise<readonly LeadMerge[]> {
    return reads.merges(this.#read);
  }

  feedbackOf(leadIds: readonly string[]): Promise<readonly FeedbackRow[]> {
    return reads.feedbackOf(this.#read, leadIds);
  }

  allFeedback(): Promise<readonly FeedbackRow[]> {
    return reads.allFeedback(this.#read);
  }

  modelVersions(): Promise<readonly ModelVersionRow[]> {
    return reads.modelVersions(this.#read);
  }

  keys(): Promise<readonly ApiKeyRow[]> {
    return reads.keys(this.#read);
  }

  suppressions(): Promise<readonly string[]> {
    return reads.suppressions(this.#read);
  }

  failedEvents(limit: number): Promise<readonly FailedEventRow[]> {
    return reads.failedEvents(this.#read, limit);
  }

  countFailedEvents(): Promise<number> {
    return reads.countFailedEvents(this.#read);
  }

  audit(limit: number): Promise<readonly AuditRow[]> {
    return reads.audit(this.#read, limit);
  }

  getMeta(key: string): Promise<string | null> {
    return reads.getMeta(this.#read, key);
  }

  async close(): Promise<void> {
    await this.#locks.close();
    for (const id of [...this.#sessions.keys()]) await this.releaseWrites({ id });
    await this.#pool.end();
  }

  // ---- idempotency keys ----
  claimIdempotencySlot(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): Promise<IdempotencyRecord | null> {
    return reads.claimIdempotencySlot(this.#read, slot, fingerprint, now, heldUntil);
  }

  finishIdempotencySlot(
    slot: string,
    response: StoredResponse | null,
    expiresAt: number,
  ): Promise<void> {
    return reads.finishIdempotencySlot(this.#read, slot, response, expiresAt);
  }

  // ---- users and sessions ----
  users(): Promise<readonly UserRow[]> {
    return users(this.#read);
  }

  userByEmail(email: string): Promise<UserRow | null> {
    return userBy(this.#read, "email", email);
  }

  userById(id: string): Promise<UserRow | null> {
    return userBy(this.#read, "id", id);
  }

  sessionByHash(tokenHash: string): Promise<SessionRow | null> {
    return sessionByHash(this.#read, tokenHash);
  }

  async startSession(session: SessionRow, check: StartSessionCheck): Promise<boolean> {
    const client = await this.#connect();
    try {
      const started = await startSession(client, session, check);
      client.release();
      return started;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(true);
      throw classifyPostgresError(error);
    }
  }

  // ---- realtime: presence and queues ----
  presence(): Promise<readonly PresenceRow[]> {
    return readPresence(this.#read);
  }

  queueVersions(): Promise<readonly QueueVersionRow[]> {
    return readQueueVersions(this.#read);
  }

  claimLead(request: ClaimRequest): Promise<ClaimRow | null> {
    return this.#claimWrite((client) => claimLead(client, request));
  }

  renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null> {
    return this.#claimWrite((client) => renewClaim(client, claimId, leaseUntil, now));
  }

  /**
   * A claim write under the write lock, with a `changes` row: the other processes' queues hide the
   * lead at once, and seq order stays commit order.
   */
  async #claimWrite(write: (client: pg.PoolClient) => Promise<ClaimRow | null>) {
    const { client } = await this.#locks.take();
    try {
      const claim = await write(client);
      if (claim !== null) {
        await client.query("INSERT INTO changes (writer, unit) VALUES ($1, $2)", [
          this.#writer,
          JSON.stringify({ claims: [claim] }),
        ]);
      }
      await client.query(
        claim === null
          ? "COMMIT"
          : `SELECT pg_notify('${NOTIFY_CHANNEL}', '${this.#writer}'); COMMIT`,
      );
      client.release();
      return claim;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(true);
      throw classifyPostgresError(error);
    }
  }

  activeClaims(now: number): Promise<readonly ClaimRow[]> {
    return readActiveClaims(this.#read, now);
  }
}
