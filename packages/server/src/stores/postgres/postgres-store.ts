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
  MessageType,
  ModelVersionRow,
  PresenceRow,
  QueueVersionRow,
  RemoteChanges,
  RemoteUnit,
  SessionRow,
  StartSessionCheck,
  Store,
  StoredEvent,
  StoredResponse,
  UserRow,
  WriteLock,
  WriteUnit,
} from "../../ports/store.ts";
import { StoreFailure } from "../store-failure.ts";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.ts";
import {
  claimLead,
  readActiveClaims,
  readPresence,
  readQueueVersions,
  renewClaim,
} from "./postgres-realtime-tables.ts";
import { sessionByHash, startSession, userBy, users } from "./postgres-user-tables.ts";
import { classifyPostgresError, NOTIFY_CHANNEL, writeUnit } from "./postgres-write.ts";

/** `pg_advisory_xact_lock` keys: every writer of every process takes WRITE_LOCK for its transaction. */
const WRITE_LOCK = 4_242_001;
const MIGRATE_LOCK = 4_242_002;
const INT8_OID = 20;

export interface PostgresStoreOptions {
  readonly url: string;
  /** Connections in the pool (one is held by a writer for its transaction). */
  readonly poolSize?: number;
  /** How often a follower looks for other processes' commits when no notification came. */
  readonly pollMs?: number;
}

type EventRow = {
  seq: number;
  message_id: string;
  lead_id: string;
  type: string;
  event: string;
  ts: number;
  received_at: number;
  anonymous_id: string | null;
  user_id: string | null;
  properties: string | null;
  traits: string | null;
};

const EVENT_COLUMNS =
  "seq, message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits";

function toEvent(row: EventRow): StoredEvent & { seq: number } {
  return {
    seq: row.seq,
    messageId: row.message_id,
    leadId: row.lead_id,
    type: row.type as MessageType,
    event: row.event,
    timestamp: row.ts,
    receivedAt: row.received_at,
    anonymousId: row.anonymous_id,
    userId: row.user_id,
    properties: row.properties === null ? null : JSON.parse(row.properties),
    traits: row.traits === null ? null : JSON.parse(row.traits),
  };
}

const END_OF_LOG = `SELECT (SELECT coalesce(max(seq), 0) FROM changes) AS change_seq,
                           (SELECT coalesce(max(seq), 0) FROM events) AS event_seq`;

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
  /** Identifies this process's commits in `changes` and notifications. */
  readonly #writer = `w_${randomUUID()}`;
  /** Transactions that hold the write lock, from `lockWrites` to `commit` or `releaseWrites`. */
  readonly #sessions = new Map<number, { client: pg.PoolClient; end: LogPosition }>();
  #nextLock = 1;

  constructor(options: PostgresStoreOptions) {
    this.#url = options.url;
    this.#pollMs = options.pollMs ?? 100;
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
  }

  async migrate(): Promise<void> {
    const client = await this.#connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATE_LOCK]);
      await client.query(
        "CREATE TABLE IF NOT EXISTS leadscore_migrations (version integer PRIMARY KEY)",
      );
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::integer AS n FROM leadscore_migrations",
      );
      for (let step = rows[0]?.n ?? 0; step < POSTGRES_MIGRATIONS.length; step++) {
        await client.query(POSTGRES_MIGRATIONS[step] ?? "");
        await client.query("INSERT INTO leadscore_migrations (version) VALUES ($1)", [step + 1]);
      }
      await client.query("COMMIT");
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

  /** A transaction holding the write lock, and where the log ended when it got the lock. */
  async #begin(): Promise<{ client: pg.PoolClient; end: LogPosition }> {
    const client = await this.#connect();
    try {
      // One round trip: the lock, then the end of the log, which nobody else can move until COMMIT.
      const results = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK}); ${END_OF_LOG}`,
      )) as unknown as pg.QueryResult<{ change_seq: number; event_seq: number }>[];
      const row = results[2]?.rows[0];
      return { client, end: { changeSeq: row?.change_seq ?? 0, eventSeq: row?.event_seq ?? 0 } };
    } catch (error) {
      client.release(true);
      throw classifyPostgresError(error);
    }
  }

  async lockWrites(): Promise<WriteLock> {
    const lock = { id: this.#nextLock++ };
    this.#sessions.set(lock.id, await this.#begin());
    return lock;
  }

  async releaseWrites(lock: WriteLock): Promise<void> {
    const session = this.#sessions.get(lock.id);
    if (session === undefined) return;
    this.#sessions.delete(lock.id);
    try {
      await session.client.query("ROLLBACK");
      session.client.release();
    } catch {
      session.client.release(true);
    }
  }

  async commit(unit: WriteUnit, lock?: WriteLock): Promise<CommitResult> {
    // With a lock the unit joins (and ends) that transaction; alone it takes the lock itself.
    let session: { client: pg.PoolClient; end: LogPosition };
    if (lock === undefined) session = await this.#begin();
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
    try {
      const written = await writeUnit(client, unit, this.#writer);
      // The notification travels with COMMIT (one round trip) and is delivered when it lands.
      await client.query(
        written.notify
          ? `SELECT pg_notify('${NOTIFY_CHANNEL}', '${this.#writer}'); COMMIT`
          : "COMMIT",
      );
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
    try {
      // One snapshot for both reads (seq order is commit order, so it holds a prefix of the log),
      // in one round trip; the numbers are integers, so they go into the text as they are.
      const [afterChange, afterEvent, rows] = [from.changeSeq, from.eventSeq, limit].map((n) =>
        Math.trunc(Number(n)),
      ) as [number, number, number];
      const results = (await client.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
         SELECT seq, writer, unit FROM changes WHERE seq > ${afterChange} ORDER BY seq LIMIT ${rows};
         SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ${afterEvent} ORDER BY seq LIMIT ${rows};
         COMMIT`,
      )) as unknown as pg.QueryResult[];
      const changes = results[1] as pg.QueryResult<{ seq: number; writer: string; unit: string }>;
      const events = results[2] as pg.QueryResult<EventRow>;
      client.release();
      const units = changes.rows
        .filter((row) => row.writer !== this.#writer)
        .map((row) => JSON.parse(row.unit) as RemoteUnit);
      return {
        units,
        events: events.rows.map(toEvent),
        position: {
          changeSeq: changes.rows.at(-1)?.seq ?? from.changeSeq,
          eventSeq: events.rows.at(-1)?.seq ?? from.eventSeq,
        },
        more: changes.rows.length === limit || events.rows.length === limit,
      };
    } catch (error) {
      client.release(true);
      throw classifyPostgresError(error);
    }
  }

  watchRemoteCommits(onCommit: () => void): () => void {
    let stopped = false;
    const listener = new pg.Client({ connectionString: this.#url });
    listener.on("notification", (message) => {
      if (message.payload !== this.#writer) onCommit();
    });
    // Notifications are the fast path; the timer covers a lost listener connection.
    listener.on("error", () => undefined);
    listener
      .connect()
      .then(() => listener.query(`LISTEN ${NOTIFY_CHANNEL}`))
      .catch(() => undefined);
    const timer = setInterval(() => {
      if (!stopped) onCommit();
    }, this.#pollMs);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
      listener.end().catch(() => undefined);
    };
  }

  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    try {
      return await this.#pool.query<R>(sql, params);
    } catch (error) {
      throw classifyPostgresError(error);
    }
  }

  async readEvents(afterSeq: number, limit: number): Promise<EventPage> {
    const { rows } = await this.#query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit + 1],
    );
    const more = rows.length > limit;
    const events = rows.slice(0, limit).map(toEvent);
    return { events, nextSeq: more ? (events.at(-1)?.seq ?? null) : null };
  }

  async countEvents(): Promise<number> {
    const { rows } = await this.#query<{ n: number }>("SELECT count(*)::integer AS n FROM events");
    return rows[0]?.n ?? 0;
  }

  async identities(): Promise<readonly IdentityLink[]> {
    const { rows } = await this.#query<{ identifier: string; lead_id: string }>(
      "SELECT identifier, lead_id FROM identities",
    );
    return rows.map((r) => ({ identifier: r.identifier, leadId: r.lead_id }));
  }

  async merges(): Promise<readonly LeadMerge[]> {
    const { rows } = await this.#query<{ from_id: string; into_id: string; at: number }>(
      "SELECT from_id, into_id, at FROM merges",
    );
    return rows.map((r) => ({ fromLeadId: r.from_id, intoLeadId: r.into_id, at: r.at }));
  }

  async feedbackOf(leadIds: readonly string[]): Promise<readonly FeedbackRow[]> {
    const { rows } = await this.#query<{
      id: string;
      lead_id: string;
      model: string | null;
      verdict: "good_fit" | "bad_fit";
      note: string | null;
      at: number;
      key_id: string | null;
    }>(
      "SELECT id, lead_id, model, verdict, note, at, key_id FROM feedback WHERE lead_id = ANY($1::text[]) ORDER BY at, id",
      [leadIds],
    );
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      model: r.model,
      verdict: r.verdict,
      note: r.note,
      at: r.at,
      keyId: r.key_id,
    }));
  }

  async modelVersions(): Promise<readonly ModelVersionRow[]> {
    const { rows } = await this.#query<{
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

  async keys(): Promise<readonly ApiKeyRow[]> {
    const { rows } = await this.#query<{
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
    }>(
      "SELECT id, kind, name, scopes, allowed_origins, hash, prefix, created_at, revoked_at, public_key FROM api_keys ORDER BY created_at, id",
    );
    return rows.map((r) => ({
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
    }));
  }

  async suppressions(): Promise<readonly string[]> {
    const { rows } = await this.#query<{ hash: string }>("SELECT hash FROM suppressions");
    return rows.map((r) => r.hash);
  }

  async failedEvents(limit: number): Promise<readonly FailedEventRow[]> {
    const { rows } = await this.#query<{
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

  async countFailedEvents(): Promise<number> {
    const { rows } = await this.#query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM failed_events",
    );
    return rows[0]?.n ?? 0;
  }

  async audit(limit: number): Promise<readonly AuditRow[]> {
    const { rows } = await this.#query<{ at: number; action: string; detail: string }>(
      "SELECT at, action, detail FROM audit ORDER BY id DESC LIMIT $1",
      [limit],
    );
    return rows
      .reverse()
      .map((r) => ({ at: r.at, action: r.action, detail: JSON.parse(r.detail) }));
  }

  async getMeta(key: string): Promise<string | null> {
    const { rows } = await this.#query<{ value: string }>("SELECT value FROM meta WHERE key = $1", [
      key,
    ]);
    return rows[0]?.value ?? null;
  }

  async close(): Promise<void> {
    for (const id of [...this.#sessions.keys()]) await this.releaseWrites({ id });
    await this.#pool.end();
  }

  // ---- idempotency keys ----
  async claimIdempotencySlot(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): Promise<IdempotencyRecord | null> {
    // One statement: insert, or take over a record that has expired; a live one stays as it is.
    const claimed = await this.#query(
      `INSERT INTO idempotency (slot, fingerprint, expires_at) VALUES ($1, $2, $4)
       ON CONFLICT (slot) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL,
         content_type = NULL, body = NULL, expires_at = excluded.expires_at
       WHERE idempotency.expires_at <= $3
       RETURNING slot`,
      [slot, fingerprint, now, heldUntil],
    );
    if ((claimed.rowCount ?? 0) > 0) return null;
    const { rows } = await this.#query<{
      fingerprint: string;
      status: number | null;
      content_type: string | null;
      body: string | null;
      expires_at: number;
    }>(
      "SELECT fingerprint, status, content_type, body, expires_at FROM idempotency WHERE slot = $1",
      [slot],
    );
    const row = rows[0];
    if (row === undefined) return this.claimIdempotencySlot(slot, fingerprint, now, heldUntil);
    return {
      fingerprint: row.fingerprint,
      response:
        row.status === null
          ? null
          : { status: row.status, contentType: row.content_type ?? "", body: row.body ?? "" },
      expiresAt: row.expires_at,
    };
  }

  async finishIdempotencySlot(
    slot: string,
    response: StoredResponse | null,
    expiresAt: number,
  ): Promise<void> {
    if (response === null) {
      await this.#query("DELETE FROM idempotency WHERE slot = $1", [slot]);
      return;
    }
    await this.#query(
      "UPDATE idempotency SET status = $2, content_type = $3, body = $4, expires_at = $5 WHERE slot = $1",
      [slot, response.status, response.contentType, response.body, expiresAt],
    );
  }

  // ---- users and sessions ----
  users(): Promise<readonly UserRow[]> {
    return users((sql, params) => this.#query(sql, params));
  }

  userByEmail(email: string): Promise<UserRow | null> {
    return userBy((sql, params) => this.#query(sql, params), "email", email);
  }

  userById(id: string): Promise<UserRow | null> {
    return userBy((sql, params) => this.#query(sql, params), "id", id);
  }

  sessionByHash(tokenHash: string): Promise<SessionRow | null> {
    return sessionByHash((sql, params) => this.#query(sql, params), tokenHash);
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
    return readPresence((sql, params) => this.#query(sql, params));
  }

  queueVersions(): Promise<readonly QueueVersionRow[]> {
    return readQueueVersions((sql, params) => this.#query(sql, params));
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
    const { client } = await this.#begin();
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
    return readActiveClaims((sql, params) => this.#query(sql, params), now);
  }
}
