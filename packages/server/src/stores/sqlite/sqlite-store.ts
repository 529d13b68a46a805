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
  UserRow,
  WriteUnit,
} from "../../ports/store.ts";
import { SQLITE_MIGRATIONS } from "./sqlite-migrations.ts";
import {
  claimLead,
  readActiveClaims,
  readPresence,
  readQueueVersions,
  renewClaim,
  writeRealtime,
} from "./sqlite-realtime-tables.ts";
import { SqliteUserTables } from "./sqlite-user-tables.ts";

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

function jsonOrNull(value: Readonly<Record<string, unknown>> | null): string | null {
  return value === null || Object.keys(value).length === 0 ? null : JSON.stringify(value);
}

/** The store port on one SQLite file (WAL, synchronous=FULL: a commit survives a crash). */
export class SqliteLeadStore implements Store {
  readonly kind = "sqlite";
  readonly #db: Database.Database;
  readonly #insertEvent: Database.Statement;
  readonly #commit: (unit: WriteUnit) => CommitResult;
  readonly #userTables: SqliteUserTables;
  readonly #claim: { immediate: (request: ClaimRequest) => ClaimRow | null };

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("busy_timeout = 5000");
    // Checkpoints run on the writer's commit: fewer, larger ones keep ingest acks short.
    this.#db.pragma("wal_autocheckpoint = 16384");
    this.#db.pragma("cache_size = -65536");
    this.#migrateNow();
    this.#insertEvent = this.#db.prepare(
      `INSERT INTO events (message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
    );
    this.#userTables = new SqliteUserTables(this.#db);
    this.#commit = this.#db.transaction((unit: WriteUnit) => this.#write(unit));
    this.#claim = this.#db.transaction((request: ClaimRequest) => claimLead(this.#db, request));
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
    return this.#commit(unit);
  }

  #write(unit: WriteUnit): CommitResult {
    const db = this.#db;
    let eventsErased = 0;
    for (const leadId of unit.eraseLeadIds ?? []) {
      eventsErased += db.prepare("DELETE FROM events WHERE lead_id = ?").run(leadId).changes;
      db.prepare("DELETE FROM identities WHERE lead_id = ?").run(leadId);
      db.prepare("DELETE FROM merges WHERE from_id = ? OR into_id = ?").run(leadId, leadId);
      db.prepare("DELETE FROM feedback WHERE lead_id = ?").run(leadId);
      db.prepare("DELETE FROM presence WHERE lead_id = ?").run(leadId);
      db.prepare("DELETE FROM claims WHERE lead_id = ?").run(leadId);
    }
    const inserted = (unit.events ?? []).map(
      (e) =>
        this.#insertEvent.run(
          e.messageId,
          e.leadId,
          e.type,
          e.event,
          e.timestamp,
          e.receivedAt,
          e.anonymousId,
          e.userId,
          jsonOrNull(e.properties),
          jsonOrNull(e.traits),
        ).changes === 1,
    );
    if (unit.identities?.length) {
      const upsert = db.prepare(
        "INSERT INTO identities (identifier, lead_id) VALUES (?, ?) ON CONFLICT (identifier) DO UPDATE SET lead_id = excluded.lead_id",
      );
      for (const link of unit.identities) upsert.run(link.identifier, link.leadId);
    }
    if (unit.merges?.length) {
      const upsert = db.prepare(
        "INSERT INTO merges (from_id, into_id, at) VALUES (?, ?, ?) ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, at = excluded.at",
      );
      for (const m of unit.merges) upsert.run(m.fromLeadId, m.intoLeadId, m.at);
    }
    for (const f of unit.failedEvents ?? []) {
      db.prepare(
        "INSERT INTO failed_events (received_at, code, detail, pointer, payload) VALUES (?, ?, ?, ?, ?)",
      ).run(f.receivedAt, f.code, f.detail, f.pointer, f.payload);
    }
    for (const f of unit.feedback ?? []) {
      db.prepare(
        "INSERT INTO feedback (id, lead_id, model, verdict, note, at, key_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(f.id, f.leadId, f.model, f.verdict, f.note, f.at, f.keyId);
    }
    for (const m of unit.modelVersions ?? []) {
      db.prepare(
        "INSERT INTO model_versions (model_id, version, name, document, published_at, retroactive) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(m.modelId, m.version, m.name, m.document, m.publishedAt, m.retroactive ? 1 : 0);
    }
    for (const k of unit.keys ?? []) {
      db.prepare(
        "INSERT INTO api_keys (id, kind, name, scopes, allowed_origins, hash, prefix, created_at, revoked_at, public_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).run(
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
      );
    }
    for (const { id, at } of unit.revokeKeys ?? []) {
      db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(
        at,
        id,
      );
    }
    for (const hash of unit.suppressions ?? []) {
      db.prepare("INSERT INTO suppressions (hash) VALUES (?) ON CONFLICT DO NOTHING").run(hash);
    }
    for (const a of unit.audit ?? []) {
      db.prepare("INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)").run(
        a.at,
        a.action,
        JSON.stringify(a.detail),
      );
    }
    for (const [key, value] of Object.entries(unit.meta ?? {})) {
      db.prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(key, value);
    }
    this.#userTables.write(unit);
    writeRealtime(db, unit);
    return { inserted, eventsErased };
  }

  async readEvents(afterSeq: number, limit: number): Promise<EventPage> {
    const rows = this.#db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`)
      .all(afterSeq, limit + 1) as EventRow[];
    const more = rows.length > limit;
    const events = rows.slice(0, limit).map(toEvent);
    return { events, nextSeq: more ? (events.at(-1)?.seq ?? null) : null };
  }

  async eventsOfLeads(leadIds: readonly string[]): Promise<readonly StoredEvent[]> {
    if (leadIds.length === 0) return [];
    const rows = this.#db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
      )
      .all(JSON.stringify(leadIds)) as EventRow[];
    return rows.map(toEvent);
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
        `${FEEDBACK_COLUMNS} WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY at, id`,
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
      .prepare(
        "SELECT id, kind, name, scopes, allowed_origins, hash, prefix, created_at, revoked_at, public_key FROM api_keys ORDER BY created_at, id",
      )
      .all() as {
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
    }[];
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
    if (this.#db.open) this.#db.close();
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

  async startSession(session: SessionRow, check: StartSessionCheck): Promise<boolean> {
    return this.#userTables.startSession(session, check);
  }

  // ---- realtime: presence and queues ----

  async presence(): Promise<readonly PresenceRow[]> {
    return readPresence(this.#db);
  }

  async queueVersions(): Promise<readonly QueueVersionRow[]> {
    return readQueueVersions(this.#db);
  }

  async claimLead(request: ClaimRequest): Promise<ClaimRow | null> {
    // IMMEDIATE takes the write lock before reading, so another process cannot claim in between.
    return this.#claim.immediate(request);
  }

  async renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null> {
    return renewClaim(this.#db, claimId, leaseUntil, now);
  }

  async activeClaims(now: number): Promise<readonly ClaimRow[]> {
    return readActiveClaims(this.#db, now);
  }

  // ---- reports ----

  async allFeedback(): Promise<readonly FeedbackRow[]> {
    const rows = this.#db.prepare(`${FEEDBACK_COLUMNS} ORDER BY at, id`).all() as FeedbackRecord[];
    return rows.map(toFeedbackRow);
  }
}

const FEEDBACK_COLUMNS = "SELECT id, lead_id, model, verdict, note, at, key_id FROM feedback";

interface FeedbackRecord {
  id: string;
  lead_id: string;
  model: string | null;
  verdict: "good_fit" | "bad_fit";
  note: string | null;
  at: number;
  key_id: string | null;
}

function toFeedbackRow(r: FeedbackRecord): FeedbackRow {
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
