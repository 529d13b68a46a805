import type {
  FailedEventRow,
  IdentityLink,
  LeadMerge,
  PresenceRow,
  StoredEvent,
  WriteUnit,
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

/** A unit on its way to the store, and what its post-commit work needs. */
interface Unit {
  readonly batch: Pending[];
  readonly slots: Int32Array[];
  readonly events: StoredEvent[];
  readonly merges: LeadMerge[];
  readonly presence: PresenceRow[];
  readonly write: WriteUnit;
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
 * `groupCommitMs` — by default the next turn of the event loop — when the store is idle). One commit is in flight at a time, so in-memory state
 * changes in commit order; each request resolves only after the commit that holds its items.
 */
export class IngestPipeline implements IngestService {
  readonly #state: ServiceState;
  #pending: Pending[] = [];
  #pendingItems = 0;
  /** The idle flush: `groupCommitMs` later, or on the next turn of the event loop when it is 0. */
  #timer: { readonly cancel: () => void } | null = null;
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
      else if (this.#timer === null) this.#timer = this.#idleFlush();
    });
  }

  /**
   * With no commit in flight, a unit waits `groupCommitMs` for company; at 0 it goes on the next turn,
   * so the requests parsed in the same turn still share its commit while a lone tracker event is not
   * held back (under load the next unit forms while a commit is in flight, whatever this is).
   */
  #idleFlush(): { readonly cancel: () => void } {
    const wait = this.#state.options.groupCommitMs;
    if (wait > 0) {
      const timer = setTimeout(() => this.#flushNow(), wait);
      return { cancel: () => clearTimeout(timer) };
    }
    const immediate = setImmediate(() => this.#flushNow());
    return { cancel: () => clearImmediate(immediate) };
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
      else if (publishable && outcome.event === "stage.set") error = STAGE_NEEDS_SECRET;
      if (error === null && outcome.ok) {
        messages[index] = outcome;
        continue;
      }
      messages[index] = null;
      const messageId = outcome.messageId;
      results[index] = { index, messageId, status: "rejected", error: error as IngestItemError };
      failed.push({ receivedAt, ...(error as IngestItemError), payload: rawPayload(raw) });
    }
    return { receivedAt, messages, results, failed, resolve, reject };
  }

  #flushNow(): void {
    if (this.#timer !== null) {
      this.#timer.cancel();
      this.#timer = null;
    }
    if (this.#committing || this.#pending.length === 0) return;
    this.#committing = true;
    this.#inFlight = this.#state
      .exclusive(() => this.#run())
      .catch((error: unknown) => {
        // The store's write lock or catching up failed before the run took anything.
        for (const pending of this.#take()) pending.reject(error);
      })
      .finally(() => {
        this.#committing = false;
        if (this.#pending.length > 0) this.#flushNow();
      });
  }

  /** Everything waiting, as the next unit. */
  #take(): Pending[] {
    const batch = this.#pending;
    this.#pending = [];
    this.#pendingItems = 0;
    return batch;
  }

  /**
   * Commit what waits, unit after unit while requests keep arriving. As soon as a commit returns the
   * next unit goes to the store, and only then does this one's post-commit work run (book, scores,
   * change feed, answers), so the store works while this thread does. Still one commit in flight: the
   * next unit is built only once this one is durable, and the in-memory state changes in commit order.
   * The next unit's identity claims are made before this unit reaches the book; the book resolves
   * leads through the graph either way, as a replay of the log does. Another writer waiting, or a
   * store shared with other processes (whose commits must be read between units), ends the run.
   */
  async #run(): Promise<void> {
    const state = this.#state;
    // The requests this run holds: those of the unit in flight and, once taken, of the next one.
    let held = this.#take();
    let nextHeld: Pending[] = [];
    let commit: Promise<readonly boolean[] | null> | null = null;
    try {
      let unit = this.#build(held);
      commit = this.#commitUnit(unit);
      for (;;) {
        const inserted = await commit;
        commit = null;
        if (inserted === null) return;
        let next: Unit | null = null;
        if (this.#pending.length > 0 && !state.store.shared && state.writersWaiting === 0) {
          nextHeld = this.#take();
          next = this.#build(nextHeld);
          commit = this.#commitUnit(next);
        }
        this.#finish(unit, inserted);
        if (next === null) return;
        unit = next;
        held = nextHeld;
        nextHeld = [];
      }
    } catch (error) {
      // A bug, not a store failure (#commitUnit answers those): whatever this run still holds
      // fails (a request already answered keeps its answer) and the state is rebuilt from the log,
      // since a unit may be durable without having reached the book.
      await commit;
      for (const pending of [...held, ...nextHeld]) pending.reject(error);
      await state.reload().catch(() => undefined);
    }
  }

  /** The unit's `inserted` flags once durable; null when the commit failed (its requests are rejected). */
  async #commitUnit(unit: Unit): Promise<readonly boolean[] | null> {
    const state = this.#state;
    try {
      return (await state.commit(unit.write)).inserted;
    } catch (error) {
      // The graph already took the claims of a unit that did not commit: rebuild from the log.
      await state.reload().catch(() => undefined);
      for (const pending of unit.batch) pending.reject(error);
      return null;
    }
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

  /**
   * The write unit of these requests: identity claims (the graph changes now), events, rejected items.
   * A messageId repeated within the unit is left to the store, which reports all but the first as
   * duplicates, as it does for ids already stored.
   */
  #build(batch: Pending[]): Unit {
    const state = this.#state;
    const graph = state.graph;
    const events: StoredEvent[] = [];
    const identities: IdentityLink[] = [];
    const merges: LeadMerge[] = [];
    const failedEvents: FailedEventRow[] = [];
    const presence: PresenceRow[] = [];
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
            (m.userId === null ? null : graph.lookup(userKey(m.userId))) ??
            (m.anonymousId === null ? null : graph.lookup(anonKey(m.anonymousId)));
          if (leadId !== null) presence.push({ leadId, seenAt: Math.min(m.timestamp, receivedAt) });
          results[index] = { index, messageId: m.messageId, status: "accepted" };
          continue;
        }
        let leadId = graph.linkedLead(m);
        if (leadId === null) {
          const change = graph.claim(m, receivedAt);
          for (const link of change.links) identities.push(link);
          for (const merge of change.merges) merges.push(merge);
          leadId = change.leadId;
        }
        requestSlots[index] = events.length;
        m.leadId = leadId;
        events.push(m);
      }
    }
    return {
      batch,
      slots,
      events,
      merges,
      presence,
      write: {
        events,
        identities,
        merges,
        failedEvents,
        ...(presence.length > 0 ? { presence } : {}),
      },
    };
  }

  /** Post-commit work once per unit: the book, incremental scores, the change feed; then the answers. */
  #finish(unit: Unit, inserted: readonly boolean[]): void {
    const state = this.#state;
    const { events, merges, presence, batch, slots } = unit;
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
