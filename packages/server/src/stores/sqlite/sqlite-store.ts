import Database from "better-sqlite3";
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
  MessageType,
  ModelVersionRow,
  PresenceRow,
  QueueVersionRow,
  SessionRow,
  StartSessionCheck,
  Store,
  StoredEvent,
  StoredResponse,
  UserRow,
  WriteUnit,
} from "../../ports/store.ts";
import { OneProcessStore } from "../one-process.ts";
import {
  API_KEY_COLUMNS,
  type ApiKeyRecord,
  FEEDBACK_COLUMNS,
  type FeedbackRecord,
  toApiKey,
  toFeedbackRow,
} from "../sql-rows.ts";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.ts";
import { readActiveClaims, readPresence, readQueueVersions } from "./sqlite-realtime-tables.ts";
import { SqliteUserTables } from "./sqlite-user-tables.ts";
import { toWireUnit } from "./sqlite-writer.ts";
import { SqliteWriterClient } from "./sqlite-writer-client.ts";

/** A row of `events` in EVENT_COLUMNS order: read raw (arrays), a replay builds no keyed row object. */
type EventRow = [
  seq: number,
  messageId: string,
  leadId: string,
  type: string,
  event: string,
  ts: number,
  receivedAt: number,
  anonymousId: string | null,
  userId: string | null,
  properties: string | null,
  traits: string | null,
];

const EVENT_COLUMNS =
  "seq, message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits";

function toEvent(row: EventRow): StoredEvent & { seq: number } {
  const [seq, messageId, leadId, type, event, ts, receivedAt, anonymousId, userId] = row;
  const properties = row[9];
  const traits = row[10];
  return {
    seq,
    messageId,
    leadId,
    type: type as MessageType,
    event,
    timestamp: ts,
    receivedAt,
    anonymousId,
    userId,
    properties: properties === null ? null : JSON.parse(properties),
    traits: traits === null ? null : JSON.parse(traits),
  };
}

/**
 * The store port on one SQLite file. Commits run on a writer thread (WAL, synchronous=FULL: a
 * resolved commit survives a crash); reads use this thread's own connection and see every
 * commit that has resolved.
 */
export class SqliteLeadStore extends OneProcessStore implements Store {
  readonly kind = "sqlite";
  readonly #db: Database.Database;
  readonly #writer: SqliteWriterClient;
  #readEvents: Database.Statement | null = null;
  /** Reads of users and sessions on this thread's connection; their writes go to the writer. */
  readonly #userTables: SqliteUserTables;

  constructor(path: string) {
    super();
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("busy_timeout = 5000");
    this.#migrateNow();
    this.#writer = new SqliteWriterClient(path);
    this.#userTables = new SqliteUserTables(this.#db);
  }

  #migrateNow(): void {
    const applied = this.#db.pragma("user_version", { simple: true }) as number;
    for (let step = applied; step < SQLITE_MIGRATIONS.length; step++) {
      this.#db.transaction(() => {
        this.#db.exec(SQLITE_MIGRATIONS[step] ?? "");
        this.#db.pragma(`user_version = ${step + 1}`);
      })();
    }
  }

  async migrate(): Promise<void> {
    this.#migrateNow();
  }

  async ping(): Promise<boolean> {
    try {
      const version = this.#db.pragma("user_version", { simple: true }) as number;
      return version === SQLITE_MIGRATIONS.length;
    } catch {
      return false;
    }
  }

  async commit(unit: WriteUnit): Promise<CommitResult> {
    const result = await this.#writer.commit(toWireUnit(unit));
    return {
      inserted: Array.from(result.inserted, (n) => n === 1),
      eventsErased: result.eventsErased,
    };
  }

  async readEvents(afterSeq: number, limit: number): Promise<EventPage> {
    this.#readEvents ??= this.#db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`)
      .raw(true);
    const rows = this.#readEvents.all(afterSeq, limit + 1) as EventRow[];
    const more = rows.length > limit;
    const events: (StoredEvent & { seq: number })[] = new Array(Math.min(limit, rows.length));
    for (let i = 0; i < events.length; i++) events[i] = toEvent(rows[i] as EventRow);
    return { events, nextSeq: more ? (events.at(-1)?.seq ?? null) : null };
  }

  async countEvents(): Promise<number> {
    return (this.#db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  }

  async identities(): Promise<readonly IdentityLink[]> {
    const rows = this.#db.prepare("SELECT identifier, lead_id FROM identities").all() as {
      identifier: string;
      lead_id: string;
    }[];
    return rows.map((r) => ({ identifier: r.identifier, leadId: r.lead_id }));
  }

  async merges(): Promise<readonly LeadMerge[]> {
    const rows = this.#db.prepare("SELECT from_id, into_id, at FROM merges").all() as {
      from_id: string;
      into_id: string;
      at: number;
    }[];
    return rows.map((r) => ({ fromLeadId: r.from_id, intoLeadId: r.into_id, at: r.at }));
  }

  async feedbackOf(leadIds: readonly string[]): Promise<readonly FeedbackRow[]> {
    const rows = this.#db
      .prepare(
        `SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY at, id`,
      )
      .all(JSON.stringify(leadIds)) as FeedbackRecord[];
    return rows.map(toFeedbackRow);
  }

  async modelVersions(): Promise<readonly ModelVersionRow[]> {
    const rows = this.#db
      .prepare(
        "SELECT model_id, version, name, document, published_at, retroactive FROM model_versions ORDER BY model_id, version",
      )
      .all() as {
      model_id: string;
      version: number;
      name: string;
      document: string;
      published_at: number;
      retroactive: number;
    }[];
    return rows.map((r) => ({
      modelId: r.model_id,
      version: r.version,
      name: r.name,
      document: r.document,
      publishedAt: r.published_at,
      retroactive: r.retroactive === 1,
    }));
  }

  async keys(): Promise<readonly ApiKeyRow[]> {
    const rows = this.#db
      .prepare(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`)
      .all() as ApiKeyRecord[];
    return rows.map(toApiKey);
  }

  async suppressions(): Promise<readonly string[]> {
    return (this.#db.prepare("SELECT hash FROM suppressions").pluck().all() as string[]) ?? [];
  }

  async failedEvents(limit: number): Promise<readonly FailedEventRow[]> {
    const rows = this.#db
      .prepare(
        "SELECT received_at, code, detail, pointer, payload FROM failed_events ORDER BY id DESC LIMIT ?",
      )
      .all(limit) as {
      received_at: number;
      code: string;
      detail: string;
      pointer: string;
      payload: string;
    }[];
    return rows.reverse().map((r) => ({
      receivedAt: r.received_at,
      code: r.code,
      detail: r.detail,
      pointer: r.pointer,
      payload: r.payload,
    }));
  }

  async countFailedEvents(): Promise<number> {
    return (this.#db.prepare("SELECT count(*) AS n FROM failed_events").get() as { n: number }).n;
  }

  async audit(limit: number): Promise<readonly AuditRow[]> {
    const rows = this.#db
      .prepare("SELECT at, action, detail FROM audit ORDER BY id DESC LIMIT ?")
      .all(limit) as { at: number; action: string; detail: string }[];
    return rows
      .reverse()
      .map((r) => ({ at: r.at, action: r.action, detail: JSON.parse(r.detail) }));
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.#db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  async close(): Promise<void> {
    await this.#writer.close();
    if (this.#db.open) this.#db.close();
  }

  // ---- idempotency keys: on the writer thread, where every write of this file happens ----
  claimIdempotencySlot(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): Promise<IdempotencyRecord | null> {
    return this.#writer.claimIdempotency(slot, fingerprint, now, heldUntil);
  }

  finishIdempotencySlot(
    slot: string,
    response: StoredResponse | null,
    expiresAt: number,
  ): Promise<void> {
    return this.#writer.finishIdempotency(slot, response, expiresAt);
  }

  // ---- users and sessions ----

  async users(): Promise<readonly UserRow[]> {
    return this.#userTables.users();
  }

  async userByEmail(email: string): Promise<UserRow | null> {
    return this.#userTables.userByEmail(email);
  }

  async userById(id: string): Promise<UserRow | null> {
    return this.#userTables.userById(id);
  }

  async sessionByHash(tokenHash: string): Promise<SessionRow | null> {
    return this.#userTables.sessionByHash(tokenHash);
  }

  startSession(session: SessionRow, check: StartSessionCheck): Promise<boolean> {
    return this.#writer.startSession(session, check);
  }

  // ---- realtime: presence and queues ----

  async presence(): Promise<readonly PresenceRow[]> {
    return readPresence(this.#db);
  }

  async queueVersions(): Promise<readonly QueueVersionRow[]> {
    return readQueueVersions(this.#db);
  }

  claimLead(request: ClaimRequest): Promise<ClaimRow | null> {
    // On the writer thread, in an IMMEDIATE transaction: the check and the claim are one write.
    return this.#writer.claimLead(request);
  }

  renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null> {
    return this.#writer.renewClaim(claimId, leaseUntil, now);
  }

  async activeClaims(now: number): Promise<readonly ClaimRow[]> {
    return readActiveClaims(this.#db, now);
  }

  // ---- reports ----

  async allFeedback(): Promise<readonly FeedbackRow[]> {
    const rows = this.#db
      .prepare(`SELECT ${FEEDBACK_COLUMNS} FROM feedback ORDER BY at, id`)
      .all() as FeedbackRecord[];
    return rows.map(toFeedbackRow);
  }
}
