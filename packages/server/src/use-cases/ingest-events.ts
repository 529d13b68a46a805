import type {
  FailedEventRow,
  IdentityLink,
  LeadMerge,
  PresenceRow,
  StoredEvent,
} from "../ports/store.ts";
import type {
  IngestInput,
  IngestItemError,
  IngestItemResult,
  IngestResult,
  IngestService,
} from "./app-services.ts";
import { anonKey, emailKey, userKey } from "./identity-graph.ts";
import { MAX_EVENT_BYTES, type NormalizedMessage, normalizeMessage } from "./normalize-message.ts";
import { PRESENCE_HEARTBEAT_EVENT } from "./outcome-events.ts";
import type { ServiceState } from "./service-state.ts";

const MAX_FAILED_PAYLOAD_CHARS = 64 * 1024;
/** Flush at once when this many items wait, whatever the timer says. */
const FLUSH_AT_ITEMS = 5000;
/** Past this many items waiting for a commit, new requests are refused until the store catches up. */
export const MAX_WAITING_ITEMS = 200_000;

/** Ingest is behind the store: the caller may retry later (dedupe makes a retried batch safe). */
export class IngestOverloaded extends Error {
  readonly code = "overloaded";
  readonly retriable = true;

  constructor(waiting: number) {
    super(`${waiting} items are waiting for a commit; retry shortly`);
    this.name = "IngestOverloaded";
  }
}

/** One request waiting for its commit; items were validated when it arrived. */
interface Pending {
  readonly receivedAt: number;
  /** Per item: the validated message, or null when the item was rejected on arrival. */
  readonly messages: (NormalizedMessage | null)[];
  /** Per item; accepted items are filled in after the commit. */
  readonly results: IngestItemResult[];
  readonly failed: FailedEventRow[];
  readonly resolve: (result: IngestResult) => void;
  readonly reject: (error: unknown) => void;
}

function rawPayload(raw: unknown): string {
  try {
    return (JSON.stringify(raw) ?? "null").slice(0, MAX_FAILED_PAYLOAD_CHARS);
  } catch {
    return "unserialisable";
  }
}

const SUPPRESSED: IngestItemError = {
  code: "suppressed",
  pointer: "",
  detail: "this person was erased and may not be tracked again",
};
const STAGE_NEEDS_SECRET: IngestItemError = {
  code: "forbidden",
  pointer: "/event",
  detail: "stage.set needs a secret key",
};

/**
 * Ingest with group commit. Items are validated as requests arrive; the requests that arrive while
 * a commit is in flight form the next unit, which starts as soon as that commit returns (or after
 * `groupCommitMs` when the store is idle). One commit is in flight at a time, so in-memory state
 * changes in commit order; each request resolves only after the commit that holds its items.
 */
export class IngestPipeline implements IngestService {
  readonly #state: ServiceState;
  #pending: Pending[] = [];
  #pendingItems = 0;
  #timer: NodeJS.Timeout | null = null;
  #committing = false;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(state: ServiceState) {
    this.#state = state;
  }

  ingest(input: IngestInput): Promise<IngestResult> {
    if (this.#pendingItems + input.messages.length > MAX_WAITING_ITEMS) {
      return Promise.reject(new IngestOverloaded(this.#pendingItems));
    }
    return new Promise((resolve, reject) => {
      this.#pending.push(this.#prepare(input, resolve, reject));
      this.#pendingItems += input.messages.length;
      if (this.#committing) return;
      if (this.#pendingItems >= FLUSH_AT_ITEMS) this.#flushNow();
      else if (this.#timer === null) {
        this.#timer = setTimeout(() => this.#flushNow(), this.#state.options.groupCommitMs);
      }
    });
  }

  /** Resolves when everything handed in so far is committed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#pending.length > 0 || this.#committing) {
      if (!this.#committing) this.#flushNow();
      await this.#inFlight;
    }
  }

  #prepare(
    input: IngestInput,
    resolve: (result: IngestResult) => void,
    reject: (error: unknown) => void,
  ): Pending {
    const { receivedAt } = input;
    const count = input.messages.length;
    const messages: (NormalizedMessage | null)[] = new Array(count);
    const results: IngestItemResult[] = new Array(count);
    const failed: FailedEventRow[] = [];
    // An item is never larger than the body that carried it.
    const bound =
      input.bodyBytes !== undefined && input.bodyBytes <= MAX_EVENT_BYTES
        ? input.bodyBytes
        : undefined;
    const newMessageId = () => this.#state.newId("msg");
    const publishable = input.auth?.kind === "publishable";
    for (let index = 0; index < count; index++) {
      const raw = input.messages[index];
      const outcome = normalizeMessage(raw, {
        receivedAt,
        batchSentAt: input.sentAt,
        sizeBytes: input.itemSizesBytes?.[index] ?? bound,
        newMessageId,
      });
      let error: IngestItemError | null = null;
      if (!outcome.ok) error = outcome.error;
      else if (publishable && outcome.message.event === "stage.set") error = STAGE_NEEDS_SECRET;
      if (error === null && outcome.ok) {
        messages[index] = outcome.message;
        continue;
      }
      messages[index] = null;
      const messageId = outcome.ok ? outcome.message.messageId : outcome.messageId;
      results[index] = { index, messageId, status: "rejected", error: error as IngestItemError };
      failed.push({ receivedAt, ...(error as IngestItemError), payload: rawPayload(raw) });
    }
    return { receivedAt, messages, results, failed, resolve, reject };
  }

  #flushNow(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#committing || this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#pendingItems = 0;
    this.#committing = true;
    this.#inFlight = this.#state
      .exclusive(() => this.#commit(batch))
      .catch((error: unknown) => {
        for (const pending of batch) pending.reject(error);
      })
      .finally(() => {
        this.#committing = false;
        if (this.#pending.length > 0) this.#flushNow();
      });
  }

  #isSuppressed(m: NormalizedMessage): boolean {
    const state = this.#state;
    if (state.suppressions.size === 0) return false;
    const claimed: string[] = [];
    if (m.userId !== null) claimed.push(userKey(m.userId));
    if (m.email !== null) claimed.push(emailKey(m.email));
    if (m.anonymousId !== null) claimed.push(anonKey(m.anonymousId));
    return state.isSuppressed(claimed);
  }

  async #commit(batch: Pending[]): Promise<void> {
    const state = this.#state;
    const events: StoredEvent[] = [];
    const identities: IdentityLink[] = [];
    const merges: LeadMerge[] = [];
    const failedEvents: FailedEventRow[] = [];
    const presence: PresenceRow[] = [];
    const seen = new Set<string>();
    // Per request, per item: where its event sits in `events`, or -1.
    const slots: Int32Array[] = [];
    for (const pending of batch) {
      const { messages, results, receivedAt } = pending;
      const requestSlots = new Int32Array(messages.length).fill(-1);
      slots.push(requestSlots);
      for (const failed of pending.failed) failedEvents.push(failed);
      for (let index = 0; index < messages.length; index++) {
        const m = messages[index];
        if (m === null || m === undefined) continue;
        if (this.#isSuppressed(m)) {
          results[index] = { index, messageId: m.messageId, status: "rejected", error: SUPPRESSED };
          failedEvents.push({ receivedAt, ...SUPPRESSED, payload: "suppressed" });
          continue;
        }
        if (m.type === "track" && m.event === PRESENCE_HEARTBEAT_EVENT) {
          // Presence is a row per lead, not a logged event (ADR 0060); unknown visitors are ignored.
          const leadId =
            (m.userId === null ? null : state.graph.lookup(userKey(m.userId))) ??
            (m.anonymousId === null ? null : state.graph.lookup(anonKey(m.anonymousId)));
          if (leadId !== null) presence.push({ leadId, seenAt: Math.min(m.timestamp, receivedAt) });
          results[index] = { index, messageId: m.messageId, status: "accepted" };
          continue;
        }
        if (seen.has(m.messageId)) {
          results[index] = { index, messageId: m.messageId, status: "duplicate" };
          continue;
        }
        seen.add(m.messageId);
        const change = state.graph.claim(m, receivedAt);
        for (const link of change.links) identities.push(link);
        for (const merge of change.merges) merges.push(merge);
        requestSlots[index] = events.length;
        events.push({
          messageId: m.messageId,
          leadId: change.leadId,
          type: m.type,
          event: m.event,
          timestamp: m.timestamp,
          receivedAt,
          anonymousId: m.anonymousId,
          userId: m.userId,
          properties: m.properties,
          traits: m.traits,
        });
      }
    }
    let inserted: readonly boolean[];
    try {
      ({ inserted } = await state.commit({
        events,
        identities,
        merges,
        failedEvents,
        ...(presence.length > 0 ? { presence } : {}),
      }));
    } catch (error) {
      // The graph already took the claims of a unit that did not commit: rebuild from the log.
      await state.reload().catch(() => undefined);
      for (const pending of batch) pending.reject(error);
      return;
    }
    // Post-commit work once per unit: the book, incremental scores and the change feed.
    state.applyCommit({ events, inserted, merges, presence });
    state.counters.add("leadscore_presence_heartbeats_total", presence.length);
    for (let r = 0; r < batch.length; r++) {
      this.#answer(batch[r] as Pending, slots[r] as Int32Array, inserted);
    }
  }

  #answer(pending: Pending, slots: Int32Array, inserted: readonly boolean[]): void {
    const { results, messages } = pending;
    let accepted = 0;
    let duplicates = 0;
    let rejected = 0;
    for (let index = 0; index < results.length; index++) {
      const slot = slots[index] as number;
      if (slot >= 0) {
        const messageId = (messages[index] as NormalizedMessage).messageId;
        const status = inserted[slot] === true ? "accepted" : "duplicate";
        results[index] = { index, messageId, status };
      }
      const status = (results[index] as IngestItemResult).status;
      if (status === "accepted") accepted++;
      else if (status === "duplicate") duplicates++;
      else rejected++;
    }
    const counters = this.#state.counters;
    counters.add("leadscore_ingest_events_accepted_total", accepted);
    counters.add("leadscore_ingest_events_duplicate_total", duplicates);
    counters.add("leadscore_ingest_events_rejected_total", rejected);
    counters.add("leadscore_ingest_requests_total");
    pending.resolve({ accepted, duplicates, rejected, results });
  }
}
