import { randomBytes } from "node:crypto";
import type { ClaimRow, QueueVersionRow, RemoteUnit } from "../../ports/store.ts";
import type { QueueEntry, StreamSink, StreamSubscription } from "../app-services.ts";
import type { LeadChanges } from "../change-feed.ts";
import type { LeadRecord } from "../lead-book.ts";
import type { ServiceState } from "../service-state.ts";
import { parseQueueDefinition, type QueueDefinition } from "./queue-definition.ts";
import { toQueueEntry } from "./queue-entry.ts";
import { type QueueContext, QueueIndex } from "./queue-index.ts";
import { type QueueView, ViewBroadcaster } from "./queue-views.ts";

/** Stream fan-out may take at most 1/FANOUT_SHARE of the event loop while a queue keeps changing. */
const FANOUT_SHARE = 4;

/** Entry texts a queue keeps for its stream views; past this many (limits of many sizes) it starts over. */
const MAX_TEXTS = 2000;

/** A lead's entry as stream views show it, valid while the lead was not re-valued nor changed. */
interface EntryText {
  readonly lead: LeadRecord;
  readonly valuedAt: number;
  readonly callbackDue: boolean;
  readonly text: string;
}

export interface RegistryOptions {
  /** While a queue keeps changing, at least this many ms between stream updates; the first is sent at once. */
  readonly streamCoalesceMs: number;
}

/**
 * Every queue's definition, order index, claims and stream broadcasters, kept current from the change feed.
 * Indexes update synchronously with each feed batch; streams flush on the next turn of the event loop,
 * spaced out while changes keep coming (see `#dirty`).
 */
export class QueueRegistry {
  readonly #state: ServiceState;
  readonly #options: RegistryOptions;
  readonly indexes = new Map<string, QueueIndex>();
  versions: QueueVersionRow[] = [];
  /** Unexpired claims by lead id (this process's view; the store is the arbiter). */
  readonly claims = new Map<string, ClaimRow>();
  readonly #broadcasters = new Map<string, Map<number, ViewBroadcaster>>();
  /** Per queue, the entry texts of the leads its stream views hold; the change feed evicts changed leads. */
  readonly #texts = new Map<string, Map<string, EntryText>>();
  /** When each queue may send its streams the next update (performance.now()). */
  readonly #nextSendAt = new Map<string, number>();
  readonly #sendCostMs = new Map<string, number>();
  readonly #scheduled = new Set<string>();
  /** Stream event ids carry it, so an id from before a restart is never mistaken for a current one. */
  readonly epoch = randomBytes(4).toString("hex");

  constructor(state: ServiceState, options: RegistryOptions) {
    this.#state = state;
    this.#options = options;
    state.feed.subscribe((changes) => this.#onChanges(changes));
    state.onRemoteUnit((unit) => this.#followRemote(unit));
  }

  /** Queue definitions and claims another process committed (several processes on one store). */
  #followRemote(unit: RemoteUnit): void {
    for (const row of unit.queueVersions ?? []) {
      if (this.versions.some((v) => v.queueId === row.queueId && v.version === row.version))
        continue;
      if (row.deleted) {
        this.remove(row);
        continue;
      }
      const parsed = parseQueueDefinition(JSON.parse(row.document));
      if (parsed.ok) this.define(row, parsed.value);
    }
    for (const claim of unit.claims ?? []) this.holdClaim(claim);
    for (const id of unit.releaseClaims ?? []) this.releaseClaim(id);
  }

  async load(): Promise<void> {
    const state = this.#state;
    this.versions = [...(await state.store.queueVersions())];
    for (const claim of await state.store.activeClaims(state.now())) this.#holdClaim(claim);
    const latest = new Map<string, QueueVersionRow>();
    for (const row of this.versions) latest.set(row.queueId, row);
    for (const row of latest.values()) {
      if (row.deleted) continue;
      const parsed = parseQueueDefinition(JSON.parse(row.document));
      if (parsed.ok) this.#install(parsed.value);
    }
  }

  #contextNow(): QueueContext {
    // The book is replaced when state reloads from the store; always read the current one.
    const state = this.#state;
    return {
      book: state.book,
      claims: this.claims,
      wakeAt: (leadId, at) => state.wakeAt(leadId, at),
    };
  }

  #install(definition: QueueDefinition): void {
    const index = new QueueIndex(definition);
    const previous = this.indexes.get(definition.id);
    if (previous !== undefined) index.version = previous.version + 1;
    this.#state.book.watch(definition.never.events);
    index.rebuild(this.#contextNow(), this.#state.now());
    this.indexes.set(definition.id, index);
    this.#texts.delete(definition.id);
    this.#dirty(definition.id);
  }

  define(row: QueueVersionRow, definition: QueueDefinition): void {
    this.versions.push(row);
    this.#install(definition);
  }

  remove(row: QueueVersionRow): void {
    this.versions.push(row);
    this.indexes.delete(row.queueId);
    this.#broadcasters.delete(row.queueId);
    this.#texts.delete(row.queueId);
    this.#nextSendAt.delete(row.queueId);
    this.#sendCostMs.delete(row.queueId);
  }

  latest(queueId: string): QueueVersionRow | undefined {
    return this.versions.filter((row) => row.queueId === queueId).at(-1);
  }

  #holdClaim(claim: ClaimRow): void {
    this.claims.set(claim.leadId, claim);
    this.#state.wakeAt(claim.leadId, claim.leaseUntil);
  }

  /** A claim was taken or renewed: the lead leaves every queue until its lease ends. */
  holdClaim(claim: ClaimRow): void {
    this.#holdClaim(claim);
    this.#state.notify(new Set([claim.leadId]), "claim");
  }

  releaseClaim(claimId: string): ClaimRow | null {
    for (const [leadId, claim] of this.claims) {
      if (claim.id !== claimId) continue;
      this.claims.delete(leadId);
      this.#state.notify(new Set([leadId]), "claim");
      return claim;
    }
    return null;
  }

  claimById(claimId: string): ClaimRow | null {
    for (const claim of this.claims.values()) if (claim.id === claimId) return claim;
    return null;
  }

  #onChanges(changes: LeadChanges): void {
    for (const id of changes.leadIds) {
      const claim = this.claims.get(id);
      if (claim !== undefined && claim.leaseUntil <= changes.at) this.claims.delete(id);
    }
    for (const texts of this.#texts.values()) {
      if (changes.cause === "load") texts.clear();
      else for (const id of changes.leadIds) texts.delete(id);
    }
    const context = this.#contextNow();
    for (const [queueId, index] of this.indexes) {
      if (changes.cause === "load") index.rebuild(context, changes.at);
      else if (!index.update(changes.leadIds, context, changes.at)) continue;
      this.#dirty(queueId);
    }
  }

  entry(index: QueueIndex, leadId: string): QueueEntry | null {
    const lead = this.#state.book.leads.get(leadId);
    const slot = lead?.models.get(index.definition.model);
    if (lead === undefined || slot === undefined) return null;
    return toQueueEntry(lead, slot, index.isCallbackDue(leadId));
  }

  entries(index: QueueIndex, limit: number): QueueEntry[] {
    return index.ids(limit).flatMap((id) => {
      const entry = this.entry(index, id);
      return entry === null ? [] : [entry];
    });
  }

  /** What stream clients with this limit see; entry texts are reused until their lead changes. */
  #view(queueId: string, limit: number): QueueView {
    const index = this.indexes.get(queueId);
    if (index === undefined) return { version: 0, size: 0, order: [], entries: new Map() };
    let texts = this.#texts.get(queueId);
    if (texts === undefined || texts.size > MAX_TEXTS) {
      texts = new Map();
      this.#texts.set(queueId, texts);
    }
    const leads = this.#state.book.leads;
    const model = index.definition.model;
    const entries = new Map<string, string>();
    const order: string[] = [];
    for (const id of index.ids(limit)) {
      const lead = leads.get(id);
      const slot = lead?.models.get(model);
      if (lead === undefined || slot === undefined) continue;
      const callbackDue = index.isCallbackDue(id);
      let held = texts.get(id);
      if (
        held === undefined ||
        held.lead !== lead ||
        held.valuedAt !== lead.valuedAt ||
        held.callbackDue !== callbackDue
      ) {
        const text = JSON.stringify(toQueueEntry(lead, slot, callbackDue));
        held = { lead, valuedAt: lead.valuedAt, callbackDue, text };
        texts.set(id, held);
      }
      order.push(id);
      entries.set(id, held.text);
    }
    return { version: index.version, size: index.size, order, entries };
  }

  watch(
    queueId: string,
    limit: number,
    lastEventId: string | undefined,
    sink: StreamSink,
  ): StreamSubscription {
    let byLimit = this.#broadcasters.get(queueId);
    if (byLimit === undefined) {
      byLimit = new Map();
      this.#broadcasters.set(queueId, byLimit);
    }
    const now = performance.now();
    for (const [held, broadcaster] of byLimit) if (broadcaster.isIdle(now)) byLimit.delete(held);
    let broadcaster = byLimit.get(limit);
    if (broadcaster === undefined) {
      broadcaster = new ViewBroadcaster(
        queueId,
        this.epoch,
        () => this.#view(queueId, limit),
        () => performance.now(),
      );
      byLimit.set(limit, broadcaster);
    }
    return broadcaster.subscribe(sink, lastEventId);
  }

  /**
   * Leading edge: the first change after a quiet spell is sent on the next turn of the event loop. While
   * changes keep coming, sends are spaced by at least `streamCoalesceMs` and by FANOUT_SHARE times what
   * a send costs, smoothed (the write calls and the socket flushes Node defers to the next tick), so
   * fan-out to many clients takes at most about 1/FANOUT_SHARE of the event loop. Only a flush that sent
   * something starts the spacing, so changes no client can see delay nothing.
   */
  #dirty(queueId: string): void {
    if (!this.#broadcasters.has(queueId) || this.#scheduled.has(queueId)) return;
    this.#scheduled.add(queueId);
    const wait = (this.#nextSendAt.get(queueId) ?? Number.NEGATIVE_INFINITY) - performance.now();
    if (wait <= 0) setImmediate(() => this.#flush(queueId));
    else setTimeout(() => this.#flush(queueId), wait).unref();
  }

  #flush(queueId: string): void {
    this.#scheduled.delete(queueId);
    const startedAt = performance.now();
    let sent = false;
    for (const broadcaster of this.#broadcasters.get(queueId)?.values() ?? [])
      if (broadcaster.flush()) sent = true;
    if (!sent) return;
    const floor = this.#options.streamCoalesceMs;
    this.#nextSendAt.set(queueId, startedAt + floor);
    // Queued after every response's deferred uncork, so it sees the whole cost of this send.
    process.nextTick(() => {
      const costMs = this.#sendCost(queueId, performance.now() - startedAt);
      this.#nextSendAt.set(queueId, startedAt + Math.max(floor, FANOUT_SHARE * costMs));
    });
  }

  /** A smoothed send cost: one slow send (a GC, the process descheduled) must not hold back the next. */
  #sendCost(queueId: string, sampleMs: number): number {
    const previous = this.#sendCostMs.get(queueId);
    const cost =
      previous === undefined
        ? sampleMs
        : previous + (Math.min(sampleMs, 2 * previous) - previous) / 4;
    this.#sendCostMs.set(queueId, cost);
    return cost;
  }
}
