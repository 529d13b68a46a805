import type pg from "pg";
import type { LogPosition } from "../../ports/store.ts";
import { LOG_END_EVENT_SEQ } from "./postgres-event-log.ts";
import { classifyPostgresError } from "./postgres-write.ts";

/** `pg_advisory_xact_lock` key: every writer of every process takes it for its transaction. */
const WRITE_LOCK = 4_242_001;

export const END_OF_LOG = `SELECT (SELECT coalesce(max(seq), 0) FROM changes) AS change_seq,
                                  (${LOG_END_EVENT_SEQ}) AS event_seq`;

/** A transaction holding the write lock, and where the log ended when it got the lock. */
export interface WriteSession {
  readonly client: pg.PoolClient;
  readonly end: LogPosition;
}

/** Roll back and hand the connection back (a broken one is dropped). */
export async function endWriteSession(session: WriteSession): Promise<void> {
  try {
    await session.client.query("ROLLBACK");
    session.client.release();
  } catch {
    session.client.release(true);
  }
}

/**
 * Transactions that hold the write lock (ADR 0050, decisions 2 and 15). `lockAhead` queues the next
 * one while a commit is in flight: it waits in PostgreSQL until that COMMIT, then reads the end of
 * the log, so `take` finds it ready; unused for `lockAheadMs` after it got the lock, it lets go.
 */
export class PostgresWriteSessions {
  readonly #connect: () => Promise<pg.PoolClient>;
  readonly #lockAheadMs: number;
  #ahead: { session: Promise<WriteSession>; timer: NodeJS.Timeout | null } | null = null;
  #closed = false;

  constructor(connect: () => Promise<pg.PoolClient>, lockAheadMs: number) {
    this.#connect = connect;
    this.#lockAheadMs = lockAheadMs;
  }

  async #begin(): Promise<WriteSession> {
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

  /** The transaction queued ahead if there is one, else a new one: either holds the write lock. */
  async take(): Promise<WriteSession> {
    const ahead = this.#ahead;
    if (ahead !== null) {
      this.#ahead = null;
      if (ahead.timer !== null) clearTimeout(ahead.timer);
      try {
        return await ahead.session;
      } catch {
        // It failed on its own (a lost connection): begin afresh, which reports a lasting failure.
      }
    }
    return this.#begin();
  }

  /** Queue the next transaction for the lock now, while this process's commit is in flight. */
  lockAhead(): void {
    if (this.#lockAheadMs <= 0 || this.#ahead !== null || this.#closed) return;
    const ahead: { session: Promise<WriteSession>; timer: NodeJS.Timeout | null } = {
      session: this.#begin(),
      timer: null,
    };
    this.#ahead = ahead;
    ahead.session.then(
      () => {
        if (this.#ahead !== ahead) return;
        ahead.timer = setTimeout(() => {
          if (this.#ahead === ahead) void this.#dropAhead();
        }, this.#lockAheadMs);
      },
      () => {
        if (this.#ahead === ahead) this.#ahead = null;
      },
    );
  }

  #dropAhead(): Promise<void> {
    const ahead = this.#ahead;
    if (ahead === null) return Promise.resolve();
    this.#ahead = null;
    if (ahead.timer !== null) clearTimeout(ahead.timer);
    return ahead.session.then(endWriteSession, () => undefined);
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#dropAhead();
  }
}
