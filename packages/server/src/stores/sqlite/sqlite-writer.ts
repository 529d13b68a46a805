import Database from "better-sqlite3";
import type {
  ClaimRequest,
  ClaimRow,
  IdempotencyRecord,
  SessionRow,
  StartSessionCheck,
  StoredResponse,
  WriteUnit,
} from "../../ports/store.ts";
import {
  API_KEY_COLUMNS,
  apiKeyValues,
  FEEDBACK_COLUMNS,
  feedbackValues,
  IDEMPOTENCY_COLUMNS,
  type IdempotencyRecordRow,
  toIdempotencyRecord,
} from "../sql-rows.ts";
import { StoreFailure } from "../store-failure.ts";
import { type Checkpointer, startCheckpointer } from "./sqlite-checkpointer.ts";
import { type EncodedEvents, EventReader, encodeEvents } from "./sqlite-event-wire.ts";
import { claimLead, renewClaim, writeRealtime } from "./sqlite-realtime-tables.ts";
import { SqliteUserTables } from "./sqlite-user-tables.ts";

/** A unit as it crosses to the writer thread: events encoded into one transferable buffer. */
export interface WireUnit extends Omit<WriteUnit, "events"> {
  readonly events: EncodedEvents;
}

export interface WireResult {
  /** 1 when the event at that position was inserted, 0 when its messageId was already stored. */
  readonly inserted: Uint8Array;
  readonly eventsErased: number;
}

/** Encode a unit's events for the writer (runs on the caller's thread). */
export function toWireUnit(unit: WriteUnit): WireUnit {
  return { ...unit, events: encodeEvents(unit.events ?? []) };
}

/** Rows per INSERT statement: 32 rows per statement cost about a quarter less CPU per row than one statement per row. */
export const ROWS_PER_INSERT = 32;
const EVENT_INSERT_COLUMNS =
  "message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits";
const COLUMNS_PER_ROW = 10;

function insertEventsSql(rows: number): string {
  const values = Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ");
  return `INSERT INTO events (${EVENT_INSERT_COLUMNS}) VALUES ${values} ON CONFLICT (message_id) DO NOTHING`;
}

const RETRIABLE_CODES = new Set([
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_FULL",
  "SQLITE_IOERR",
  "SQLITE_CANTOPEN",
]);

/** Says whether trying the same unit again can help (a busy or full disk may clear; a constraint never). */
export function classifySqliteError(error: unknown): StoreFailure {
  const code =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : String(error);
  const base = code.split("_").slice(0, 2).join("_");
  return new StoreFailure(message, {
    code: code || "SQLITE_ERROR",
    retriable: RETRIABLE_CODES.has(base),
    cause: error,
  });
}

/** How often the checkpointer thread copies the WAL into the database. */
const CHECKPOINT_EVERY_MS = 250;

/** The one write connection: WAL, synchronous=FULL, so a returned commit survives a crash. */
export class SqliteWriter {
  readonly #db: Database.Database;
  /** By row count, 1 to ROWS_PER_INSERT, with a parameter array of the matching length each. */
  readonly #inserts: ({ statement: Database.Statement; params: unknown[] } | undefined)[] = [];
  readonly #newestEvents: Database.Statement;
  readonly #eraseEvent: Database.Statement;
  readonly #userTables: SqliteUserTables;
  readonly #claim: { immediate: (request: ClaimRequest) => ClaimRow | null };
  readonly #statements = new Map<string, Database.Statement>();
  readonly #commit: (unit: WireUnit) => WireResult;
  readonly #checkpointerStart: NodeJS.Timeout;
  #checkpointer: Checkpointer | null = null;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("busy_timeout = 5000");
    // A checkpoint on a commit stalls that commit: a thread of their own does the copying (see
    // sqlite-checkpointer.ts); the autocheckpoint restarts the WAL, copying only what is left.
    this.#db.pragma("wal_autocheckpoint = 4096");
    this.#db.pragma("cache_size = -65536");
    this.#newestEvents = this.#db
      .prepare("SELECT message_id FROM events ORDER BY seq DESC LIMIT ?")
      .pluck();
    this.#eraseEvent = this.#db.prepare("DELETE FROM events WHERE message_id = ?");
    this.#userTables = new SqliteUserTables(this.#db);
    this.#claim = this.#db.transaction((request: ClaimRequest) => claimLead(this.#db, request));
    this.#commit = this.#db.transaction((unit: WireUnit) => this.#write(unit));
    // Started after one interval: short-lived stores (CLI commands, tests) never pay for the thread.
    this.#checkpointerStart = setTimeout(() => {
      this.#checkpointer = startCheckpointer(path, CHECKPOINT_EVERY_MS);
    }, CHECKPOINT_EVERY_MS);
    this.#checkpointerStart.unref();
  }

  commit(unit: WireUnit): WireResult {
    try {
      return this.#commit(unit);
    } catch (error) {
      throw classifySqliteError(error);
    }
  }

  close(): void {
    clearTimeout(this.#checkpointerStart);
    this.#checkpointer?.close();
    if (this.#db.open) this.#db.close();
  }

  claimIdempotency(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): IdempotencyRecord | null {
    return this.#guard(() =>
      this.#db.transaction(() => {
        const row = this.#statement(
          `SELECT ${IDEMPOTENCY_COLUMNS} FROM idempotency WHERE slot = ?`,
        ).get(slot) as IdempotencyRecordRow | undefined;
        if (row !== undefined && row.expires_at > now) return toIdempotencyRecord(row);
        this.#statement(
          "INSERT OR REPLACE INTO idempotency (slot, fingerprint, status, content_type, body, expires_at) VALUES (?, ?, NULL, NULL, NULL, ?)",
        ).run(slot, fingerprint, heldUntil);
        return null;
      })(),
    );
  }

  finishIdempotency(slot: string, response: StoredResponse | null, expiresAt: number): void {
    this.#guard(() => {
      if (response === null) this.#run("DELETE FROM idempotency WHERE slot = ?", slot);
      else
        this.#run(
          "UPDATE idempotency SET status = ?, content_type = ?, body = ?, expires_at = ? WHERE slot = ?",
          response.status,
          response.contentType,
          response.body,
          expiresAt,
          slot,
        );
    });
  }

  claimLead(request: ClaimRequest): ClaimRow | null {
    return this.#guard(() => this.#claim.immediate(request));
  }

  renewClaim(claimId: string, leaseUntil: number, now: number): ClaimRow | null {
    return this.#guard(() => renewClaim(this.#db, claimId, leaseUntil, now));
  }

  startSession(session: SessionRow, check: StartSessionCheck): boolean {
    return this.#guard(() => this.#userTables.startSession(session, check));
  }

  #guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw classifySqliteError(error);
    }
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.#statement(sql).run(...params);
  }

  #insert(rows: number): { statement: Database.Statement; params: unknown[] } {
    let insert = this.#inserts[rows];
    if (insert === undefined) {
      insert = {
        statement: this.#db.prepare(insertEventsSql(rows)),
        params: new Array(rows * COLUMNS_PER_ROW),
      };
      this.#inserts[rows] = insert;
    }
    return insert;
  }

  /**
   * Appends the events, up to ROWS_PER_INSERT rows per statement; a row whose messageId is already
   * stored is skipped by the unique index (dedupe inside the transaction). When a statement inserts
   * fewer rows than it carried, the ones it did insert are the newest rows of the log (sequence
   * numbers only grow), so one read says which.
   */
  #insertEvents(events: EncodedEvents): Uint8Array {
    const inserted = new Uint8Array(events.count);
    const reader = new EventReader(events);
    let first = 0;
    while (reader.remaining > 0) {
      const rows = Math.min(ROWS_PER_INSERT, reader.remaining);
      const { statement, params } = this.#insert(rows);
      for (let r = 0; r < rows; r++) reader.readInto(params, r * COLUMNS_PER_ROW);
      const changes = statement.run(params).changes;
      if (changes === rows) inserted.fill(1, first, first + rows);
      else if (changes > 0) {
        const fresh = new Set(this.#newestEvents.all(changes) as string[]);
        // Only the first of repeated ids in one statement went in.
        for (let r = 0; r < rows; r++) {
          if (fresh.delete(params[r * COLUMNS_PER_ROW] as string)) inserted[first + r] = 1;
        }
      }
      first += rows;
    }
    return inserted;
  }

  #write(unit: WireUnit): WireResult {
    let eventsErased = 0;
    for (const messageId of unit.eraseMessageIds ?? []) {
      eventsErased += this.#eraseEvent.run(messageId).changes;
    }
    for (const leadId of unit.eraseLeadIds ?? []) {
      this.#run("DELETE FROM identities WHERE lead_id = ?", leadId);
      this.#run("DELETE FROM merges WHERE from_id = ? OR into_id = ?", leadId, leadId);
      this.#run("DELETE FROM feedback WHERE lead_id = ?", leadId);
      this.#run("DELETE FROM presence WHERE lead_id = ?", leadId);
      this.#run("DELETE FROM claims WHERE lead_id = ?", leadId);
    }
    const inserted = this.#insertEvents(unit.events);
    for (const link of unit.identities ?? []) {
      this.#run(
        "INSERT INTO identities (identifier, lead_id) VALUES (?, ?) ON CONFLICT (identifier) DO UPDATE SET lead_id = excluded.lead_id",
        link.identifier,
        link.leadId,
      );
    }
    for (const m of unit.merges ?? []) {
      this.#run(
        "INSERT INTO merges (from_id, into_id, at) VALUES (?, ?, ?) ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, at = excluded.at",
        m.fromLeadId,
        m.intoLeadId,
        m.at,
      );
    }
    for (const f of unit.failedEvents ?? []) {
      this.#run(
        "INSERT INTO failed_events (received_at, code, detail, pointer, payload) VALUES (?, ?, ?, ?, ?)",
        f.receivedAt,
        f.code,
        f.detail,
        f.pointer,
        f.payload,
      );
    }
    for (const f of unit.feedback ?? []) {
      this.#run(
        `INSERT INTO feedback (${FEEDBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ...feedbackValues(f),
      );
    }
    for (const m of unit.modelVersions ?? []) {
      this.#run(
        "INSERT INTO model_versions (model_id, version, name, document, published_at, retroactive) VALUES (?, ?, ?, ?, ?, ?)",
        m.modelId,
        m.version,
        m.name,
        m.document,
        m.publishedAt,
        m.retroactive ? 1 : 0,
      );
    }
    for (const k of unit.keys ?? []) {
      this.#run(
        `INSERT INTO api_keys (${API_KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...apiKeyValues(k),
      );
    }
    for (const { id, at } of unit.revokeKeys ?? []) {
      this.#run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id);
    }
    for (const hash of unit.suppressions ?? []) {
      this.#run("INSERT INTO suppressions (hash) VALUES (?) ON CONFLICT DO NOTHING", hash);
    }
    for (const a of unit.audit ?? []) {
      this.#run(
        "INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)",
        a.at,
        a.action,
        JSON.stringify(a.detail),
      );
    }
    for (const [key, value] of Object.entries(unit.meta ?? {})) {
      this.#run(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value,
      );
    }
    this.#userTables.write(unit);
    writeRealtime(this.#db, unit);
    return { inserted, eventsErased };
  }
}
