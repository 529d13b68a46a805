import type {
  FailedEventRow,
  IdentityLink,
  LeadMerge,
  PresenceRow,
  StoredEvent,
} from "../ports/store.ts";
import type { IngestInput, IngestItemResult, IngestResult, IngestService } from "./app-services.ts";
import { anonKey, emailKey, userKey } from "./identity-graph.ts";
import { normalizeMessage } from "./normalize-message.ts";
import { PRESENCE_HEARTBEAT_EVENT } from "./outcome-events.ts";
import type { ServiceState } from "./service-state.ts";

const MAX_FAILED_PAYLOAD_CHARS = 64 * 1024;
/** Flush at once when this many items wait, whatever the timer says. */
const FLUSH_AT_ITEMS = 5000;

interface Pending {
  readonly input: IngestInput;
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

/**
 * Ingest with group commit: items of concurrent requests are gathered for `groupCommitMs`
 * and written in one transaction; each request resolves only after that commit.
 */
export class IngestPipeline implements IngestService {
  readonly #state: ServiceState;
  #pending: Pending[] = [];
  #pendingItems = 0;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(state: ServiceState) {
    this.#state = state;
  }

  ingest(input: IngestInput): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      this.#pendingItems += input.messages.length;
      if (this.#pendingItems >= FLUSH_AT_ITEMS) this.#flushSoon(0);
      else this.#flushSoon(this.#state.options.groupCommitMs);
    });
  }

  #flushSoon(delayMs: number): void {
    if (this.#timer !== null) {
      if (delayMs > 0) return;
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const batch = this.#pending;
      this.#pending = [];
      this.#pendingItems = 0;
      this.#inFlight = this.#state.exclusive(() => this.#commit(batch));
    }, delayMs);
  }

  /** Resolves when everything handed in so far is committed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#pending.length > 0 || this.#timer !== null) {
      if (this.#timer !== null) this.#flushSoon(0);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await this.#inFlight.catch(() => undefined);
  }

  async #commit(batch: Pending[]): Promise<void> {
    const state = this.#state;
    const events: StoredEvent[] = [];
    const identities: IdentityLink[] = [];
    const merges: LeadMerge[] = [];
    const failedEvents: FailedEventRow[] = [];
    const presence: PresenceRow[] = [];
    const seen = new Set<string>();
    const results: IngestItemResult[][] = [];
    // Per request, per item: where its event sits in `events` (or -1 when decided without the store).
    const slots: number[][] = [];
    for (const { input } of batch) {
      const requestResults: IngestItemResult[] = [];
      const requestSlots: number[] = [];
      input.messages.forEach((raw, index) => {
        const outcome = normalizeMessage(raw, {
          receivedAt: input.receivedAt,
          batchSentAt: input.sentAt,
          ...(input.itemSizesBytes?.[index] === undefined
            ? {}
            : { sizeBytes: input.itemSizesBytes[index] }),
          newMessageId: () => state.newId("msg"),
        });
        requestSlots.push(-1);
        if (!outcome.ok) {
          requestResults.push({
            index,
            messageId: outcome.messageId,
            status: "rejected",
            error: outcome.error,
          });
          failedEvents.push({
            receivedAt: input.receivedAt,
            code: outcome.error.code,
            detail: outcome.error.detail,
            pointer: outcome.error.pointer,
            payload: rawPayload(raw),
          });
          return;
        }
        const m = outcome.message;
        const claimed = [
          m.userId === null ? null : userKey(m.userId),
          m.email === null ? null : emailKey(m.email),
          m.anonymousId === null ? null : anonKey(m.anonymousId),
        ].filter((k) => k !== null);
        if (state.isSuppressed(claimed)) {
          const error = {
            code: "suppressed",
            pointer: "",
            detail: "this person was erased and may not be tracked again",
          };
          requestResults.push({ index, messageId: m.messageId, status: "rejected", error });
          failedEvents.push({ receivedAt: input.receivedAt, ...error, payload: "suppressed" });
          return;
        }
        if (m.event === "stage.set" && input.auth?.kind === "publishable") {
          const error = {
            code: "forbidden",
            pointer: "/event",
            detail: "stage.set needs a secret key",
          };
          requestResults.push({ index, messageId: m.messageId, status: "rejected", error });
          failedEvents.push({ receivedAt: input.receivedAt, ...error, payload: rawPayload(raw) });
          return;
        }
        if (m.type === "track" && m.event === PRESENCE_HEARTBEAT_EVENT) {
          // Presence is a row per lead, not a logged event (ADR 0060); unknown visitors are ignored.
          const leadId =
            (m.userId === null ? null : state.graph.lookup(userKey(m.userId))) ??
            (m.anonymousId === null ? null : state.graph.lookup(anonKey(m.anonymousId)));
          if (leadId !== null)
            presence.push({ leadId, seenAt: Math.min(m.timestamp, input.receivedAt) });
          requestResults.push({ index, messageId: m.messageId, status: "accepted" });
          return;
        }
        if (seen.has(m.messageId)) {
          requestResults.push({ index, messageId: m.messageId, status: "duplicate" });
          return;
        }
        seen.add(m.messageId);
        const change = state.graph.claim(
          {
            userId: m.userId,
            anonymousId: m.anonymousId,
            email: m.email,
            previousId: m.previousId,
          },
          input.receivedAt,
        );
        identities.push(...change.links);
        merges.push(...change.merges);
        requestSlots[index] = events.length;
        events.push({
          messageId: m.messageId,
          leadId: change.leadId,
          type: m.type,
          event: m.event,
          timestamp: m.timestamp,
          receivedAt: input.receivedAt,
          anonymousId: m.anonymousId,
          userId: m.userId,
          properties: m.properties,
          traits: m.traits,
        });
        requestResults.push({ index, messageId: m.messageId, status: "accepted" });
      });
      results.push(requestResults);
      slots.push(requestSlots);
    }
    let inserted: readonly boolean[];
    try {
      ({ inserted } = await state.store.commit({
        events,
        identities,
        merges,
        failedEvents,
        ...(presence.length > 0 ? { presence } : {}),
      }));
    } catch (error) {
      // The graph already took the claims of a unit that did not commit: rebuild from the log.
      await state.load().catch(() => undefined);
      for (const pending of batch) pending.reject(error);
      return;
    }
    state.applyCommit({ events, inserted, merges, presence });
    state.counters.add("leadscore_presence_heartbeats_total", presence.length);
    batch.forEach((pending, r) => {
      const requestResults = (results[r] ?? []).map((result, index) => {
        const slot = slots[r]?.[index] ?? -1;
        return slot >= 0 && inserted[slot] === false
          ? { ...result, status: "duplicate" as const }
          : result;
      });
      let accepted = 0;
      let duplicates = 0;
      let rejected = 0;
      for (const result of requestResults) {
        if (result.status === "accepted") accepted++;
        else if (result.status === "duplicate") duplicates++;
        else rejected++;
      }
      state.counters.add("leadscore_ingest_events_accepted_total", accepted);
      state.counters.add("leadscore_ingest_events_duplicate_total", duplicates);
      state.counters.add("leadscore_ingest_events_rejected_total", rejected);
      state.counters.add("leadscore_ingest_requests_total");
      pending.resolve({ accepted, duplicates, rejected, results: requestResults });
    });
  }
}
