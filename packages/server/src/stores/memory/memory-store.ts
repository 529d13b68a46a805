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
import { claimFor } from "../claim-for.ts";
import { OneProcessStore } from "../one-process.ts";
import { MemoryUserTables } from "./memory-user-tables.ts";

function emptyToNull<T extends object>(value: T | null): T | null {
  return value === null || Object.keys(value).length === 0 ? null : value;
}

type SeqEvent = StoredEvent & { readonly seq: number };

/** The store port in process memory: fast tests and throwaway runs; nothing survives a restart. */
export class MemoryStore extends OneProcessStore implements Store {
  readonly kind = "memory";
  #events: SeqEvent[] = [];
  #messageIds = new Set<string>();
  #seq = 0;
  #identities = new Map<string, string>();
  #merges = new Map<string, LeadMerge>();
  #failed: FailedEventRow[] = [];
  #feedback: FeedbackRow[] = [];
  #models: ModelVersionRow[] = [];
  #keys = new Map<string, ApiKeyRow>();
  #suppressions = new Set<string>();
  #audit: AuditRow[] = [];
  #meta = new Map<string, string>();
  #closed = false;
  readonly #userTables = new MemoryUserTables();
  #presence = new Map<string, number>();
  #queues: QueueVersionRow[] = [];
  /** By lead id: at most one claim per lead, expired ones are overwritten. */
  #claims = new Map<string, ClaimRow>();

  async migrate(): Promise<void> {}

  async ping(): Promise<boolean> {
    return !this.#closed;
  }

  async commit(unit: WriteUnit): Promise<CommitResult> {
    // Validate everything before mutating so a failing unit leaves no trace, like a rolled-back transaction.
    for (const row of unit.modelVersions ?? []) {
      if (this.#models.some((m) => m.modelId === row.modelId && m.version === row.version)) {
        throw new Error(`model version ${row.modelId}@${row.version} exists`);
      }
    }
    for (const key of unit.keys ?? []) {
      if (this.#keys.has(key.id)) throw new Error(`key ${key.id} exists`);
    }
    this.#userTables.check(unit);
    for (const row of unit.queueVersions ?? []) {
      if (this.#queues.some((q) => q.queueId === row.queueId && q.version === row.version)) {
        throw new Error(`queue version ${row.queueId}@${row.version} exists`);
      }
    }
    let eventsErased = 0;
    const eraseEvents = new Set(unit.eraseMessageIds ?? []);
    if (eraseEvents.size > 0) {
      const kept: SeqEvent[] = [];
      for (const event of this.#events) {
        if (eraseEvents.has(event.messageId)) {
          eventsErased++;
          this.#messageIds.delete(event.messageId);
        } else kept.push(event);
      }
      this.#events = kept;
    }
    const erase = new Set(unit.eraseLeadIds ?? []);
    if (erase.size > 0) {
      for (const [identifier, leadId] of this.#identities) {
        if (erase.has(leadId)) this.#identities.delete(identifier);
      }
      for (const [from, merge] of this.#merges) {
        if (erase.has(from) || erase.has(merge.intoLeadId)) this.#merges.delete(from);
      }
      this.#feedback = this.#feedback.filter((f) => !erase.has(f.leadId));
      for (const leadId of erase) {
        this.#presence.delete(leadId);
        this.#claims.delete(leadId);
      }
    }
    const inserted = (unit.events ?? []).map((event) => {
      if (this.#messageIds.has(event.messageId)) return false;
      this.#messageIds.add(event.messageId);
      // Only the event's own fields: callers may hand in objects that carry more.
      this.#events.push({
        messageId: event.messageId,
        leadId: event.leadId,
        type: event.type,
        event: event.event,
        timestamp: event.timestamp,
        receivedAt: event.receivedAt,
        anonymousId: event.anonymousId,
        userId: event.userId,
        properties: emptyToNull(event.properties),
        traits: emptyToNull(event.traits),
        seq: ++this.#seq,
      });
      return true;
    });
    for (const link of unit.identities ?? []) this.#identities.set(link.identifier, link.leadId);
    for (const merge of unit.merges ?? []) this.#merges.set(merge.fromLeadId, merge);
    this.#failed.push(...(unit.failedEvents ?? []));
    this.#feedback.push(...(unit.feedback ?? []));
    this.#models.push(...(unit.modelVersions ?? []));
    for (const key of unit.keys ?? []) this.#keys.set(key.id, key);
    for (const { id, at } of unit.revokeKeys ?? []) {
      const key = this.#keys.get(id);
      if (key !== undefined && key.revokedAt === null)
        this.#keys.set(id, { ...key, revokedAt: at });
    }
    for (const hash of unit.suppressions ?? []) this.#suppressions.add(hash);
    this.#audit.push(...(unit.audit ?? []));
    for (const [key, value] of Object.entries(unit.meta ?? {})) this.#meta.set(key, value);
    this.#userTables.write(unit);
    for (const { leadId, seenAt } of unit.presence ?? []) {
      if (seenAt > (this.#presence.get(leadId) ?? Number.NEGATIVE_INFINITY))
        this.#presence.set(leadId, seenAt);
    }
    this.#queues.push(...(unit.queueVersions ?? []));
    const released = new Set(unit.releaseClaims ?? []);
    for (const [leadId, claim] of this.#claims)
      if (released.has(claim.id)) this.#claims.delete(leadId);
    return { inserted, eventsErased };
  }

  async readEvents(afterSeq: number, limit: number): Promise<EventPage> {
    const start = this.#events.findIndex((e) => e.seq > afterSeq);
    if (start < 0) return { events: [], nextSeq: null };
    const events = this.#events.slice(start, start + limit);
    const more = start + limit < this.#events.length;
    return { events, nextSeq: more ? (events.at(-1)?.seq ?? null) : null };
  }

  async countEvents(): Promise<number> {
    return this.#events.length;
  }

  async identities(): Promise<readonly IdentityLink[]> {
    return [...this.#identities].map(([identifier, leadId]) => ({ identifier, leadId }));
  }

  async merges(): Promise<readonly LeadMerge[]> {
    return [...this.#merges.values()];
  }

  async feedbackOf(leadIds: readonly string[]): Promise<readonly FeedbackRow[]> {
    const wanted = new Set(leadIds);
    return this.#feedback.filter((f) => wanted.has(f.leadId));
  }

  async modelVersions(): Promise<readonly ModelVersionRow[]> {
    return [...this.#models].sort(
      (a, b) => a.modelId.localeCompare(b.modelId) || a.version - b.version,
    );
  }

  async keys(): Promise<readonly ApiKeyRow[]> {
    return [...this.#keys.values()];
  }

  async suppressions(): Promise<readonly string[]> {
    return [...this.#suppressions];
  }

  async failedEvents(limit: number): Promise<readonly FailedEventRow[]> {
    return this.#failed.slice(-limit);
  }

  async countFailedEvents(): Promise<number> {
    return this.#failed.length;
  }

  async audit(limit: number): Promise<readonly AuditRow[]> {
    return this.#audit.slice(-limit);
  }

  async getMeta(key: string): Promise<string | null> {
    return this.#meta.get(key) ?? null;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  // ---- idempotency keys ----
  readonly #idempotency = new Map<string, IdempotencyRecord>();

  async claimIdempotencySlot(
    slot: string,
    fingerprint: string,
    now: number,
    heldUntil: number,
  ): Promise<IdempotencyRecord | null> {
    const held = this.#idempotency.get(slot);
    if (held !== undefined && held.expiresAt > now) return held;
    this.#idempotency.set(slot, { fingerprint, response: null, expiresAt: heldUntil });
    return null;
  }

  async finishIdempotencySlot(
    slot: string,
    response: StoredResponse | null,
    expiresAt: number,
  ): Promise<void> {
    const held = this.#idempotency.get(slot);
    if (held === undefined) return;
    if (response === null) this.#idempotency.delete(slot);
    else this.#idempotency.set(slot, { ...held, response, expiresAt });
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
    return [...this.#presence].map(([leadId, seenAt]) => ({ leadId, seenAt }));
  }

  async queueVersions(): Promise<readonly QueueVersionRow[]> {
    return [...this.#queues].sort(
      (a, b) => a.queueId.localeCompare(b.queueId) || a.version - b.version,
    );
  }

  async claimLead(request: ClaimRequest): Promise<ClaimRow | null> {
    for (const leadId of request.candidates) {
      const held = this.#claims.get(leadId);
      if (held !== undefined && held.leaseUntil > request.now) continue;
      const claim = claimFor(request, leadId);
      this.#claims.set(leadId, claim);
      return claim;
    }
    return null;
  }

  async renewClaim(claimId: string, leaseUntil: number, now: number): Promise<ClaimRow | null> {
    for (const [leadId, claim] of this.#claims) {
      if (claim.id !== claimId) continue;
      if (claim.leaseUntil <= now) return null;
      const renewed = { ...claim, leaseUntil };
      this.#claims.set(leadId, renewed);
      return renewed;
    }
    return null;
  }

  async activeClaims(now: number): Promise<readonly ClaimRow[]> {
    return [...this.#claims.values()].filter((c) => c.leaseUntil > now);
  }

  // ---- reports ----

  async allFeedback(): Promise<readonly FeedbackRow[]> {
    return [...this.#feedback].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  }
}
