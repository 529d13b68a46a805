import type { Grade, GradeSignals, LeadEvent, LeadHistory, Stage } from "@leadscore/core";
import type { MessageType, StoredEvent } from "../ports/store.ts";
import { normaliseEmail } from "./identity-graph.ts";
import { isOutcomeEvent, OUTCOMES, outcomeEventName } from "./outcome-events.ts";
import type { ModelState, ScoringModel } from "./scoring-model.ts";

/** An event as kept in memory: what core scores plus what the API shows. */
export interface BookEvent extends LeadEvent {
  readonly callType: MessageType;
  readonly receivedAt: number;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** Manual stage changes name the model they are for; other events count for every model. */
  readonly forModel: string | null;
  /** Done to the lead by a person (manual stage change, call outcome): not the lead's own activity. */
  readonly byAgent: boolean;
}

/** A lead under one model: the engine's hot-path state plus the values sorts and queues read. */
export interface LeadModelSlot {
  /** The published version the state was built with. */
  readonly model: ScoringModel;
  state: ModelState;
  lastHighIntentAt: number | null;
  /** Cached at `LeadRecord.valuedAt` (decay and grade windows move them; see ServiceState). */
  score: number;
  band: string;
  stage: Stage;
  grade: Grade;
}

export interface LeadRecord {
  readonly id: string;
  /** Arrival order; also (timestamp, messageId) order while `sorted`. Use `eventsInOrder`. */
  events: BookEvent[];
  sorted: boolean;
  createdAt: number;
  /** Latest event of the lead's own (not agents' outcomes or manual changes). */
  lastActivityAt: number | null;
  /** Latest page view or presence heartbeat: on the site until this plus the model's presence time. */
  lastSeenAt: number | null;
  userId: string | null;
  email: string | null;
  anonymousIds: string[];
  traits: Record<string, unknown>;
  models: Map<string, LeadModelSlot>;
  /** Latest event of each watched type (call outcomes, unsubscribes…); null while there is none. */
  marks: Map<string, BookEvent> | null;
  /** Latest event of the lead's own that carried traits (a correction after "wrong data"). */
  lastTraitsAt: number | null;
  valuedAt: number;
  /** The next instant a grade can change by time alone (already scheduled), or null. */
  nextGradeAt: number | null;
}

export function toBookEvent(event: StoredEvent): BookEvent {
  const identified = event.userId !== null || normaliseEmail(event.traits?.email) !== null;
  const forModel =
    event.type === "manual" && typeof event.properties?.model === "string"
      ? event.properties.model
      : null;
  // One object shape for every event (absent JSON as undefined) keeps property reads monomorphic.
  return {
    messageId: event.messageId,
    type: event.event,
    timestamp: event.timestamp,
    properties: event.properties ?? undefined,
    traits: event.traits ?? undefined,
    identified,
    callType: event.type,
    receivedAt: event.receivedAt,
    userId: event.userId,
    anonymousId: event.anonymousId,
    forModel,
    byAgent: event.type === "manual" || isOutcomeEvent(event.event, event.properties),
  };
}

const byTimeThenId = (a: BookEvent, b: BookEvent): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

const later = (a: number | null, b: number): number => (a === null || b > a ? b : a);

function textOf(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function eventsInOrder(lead: LeadRecord): readonly BookEvent[] {
  if (!lead.sorted) {
    lead.events.sort(byTimeThenId);
    lead.sorted = true;
  }
  return lead.events;
}

export function historyFor(
  lead: LeadRecord,
  modelId: string,
  until?: number,
): LeadHistory & { readonly events: readonly BookEvent[] } {
  const events = eventsInOrder(lead).filter(
    (e) =>
      (e.forModel === null || e.forModel === modelId) &&
      (until === undefined || e.timestamp <= until),
  );
  return { events };
}

/** The grade inputs of a lead under a model whose presence lasts `presenceMs`. */
export function gradeSignals(lead: LeadRecord, slot: LeadModelSlot): GradeSignals {
  const seen = lead.lastSeenAt;
  return {
    lastActivityAt: seen === null ? lead.lastActivityAt : later(lead.lastActivityAt, seen),
    lastHighIntentAt: slot.lastHighIntentAt,
    presentUntil: seen === null ? null : seen + slot.model.presenceMs,
  };
}

export function isPresent(lead: LeadRecord, slot: LeadModelSlot, at: number): boolean {
  return lead.lastSeenAt !== null && lead.lastSeenAt + slot.model.presenceMs > at;
}

/**
 * All lead state in memory, rebuilt from the event log at start; the log stays the source of truth.
 * Each lead keeps, per published model, core's hot-path state, updated in commit order as events arrive;
 * a late event (or a merge) rebuilds that lead from its events.
 */
export class LeadBook {
  readonly leads = new Map<string, LeadRecord>();
  readonly #models: () => readonly ScoringModel[];
  readonly #watched: Set<string>;
  /** While `applyCommitted` runs: the new events of each lead it touches (one, or several). */
  readonly #incoming = new Map<LeadRecord, BookEvent | BookEvent[]>();

  constructor(models: () => readonly ScoringModel[], watched: Iterable<string> = []) {
    this.#models = models;
    this.#watched = new Set([...OUTCOMES.map(outcomeEventName), ...watched]);
  }

  /** Event types whose latest occurrence every lead keeps in `marks`. */
  get watched(): ReadonlySet<string> {
    return this.#watched;
  }

  #record(leadId: string, at: number): LeadRecord {
    let lead = this.leads.get(leadId);
    if (lead === undefined) {
      lead = {
        id: leadId,
        events: [],
        sorted: true,
        createdAt: at,
        lastActivityAt: null,
        lastSeenAt: null,
        userId: null,
        email: null,
        anonymousIds: [],
        traits: {},
        models: new Map(),
        marks: null,
        lastTraitsAt: null,
        valuedAt: Number.NEGATIVE_INFINITY,
        nextGradeAt: null,
      };
      for (const model of this.#models()) lead.models.set(model.id, emptySlot(model));
      this.leads.set(leadId, lead);
    }
    return lead;
  }

  /** Add a logged event without scoring it (bulk load); `rebuild` the lead afterwards. */
  append(leadId: string, event: StoredEvent): LeadRecord {
    const lead = this.#record(leadId, event.receivedAt);
    const bookEvent = toBookEvent(event);
    const last = lead.events.at(-1);
    if (last !== undefined && byTimeThenId(last, bookEvent) > 0) lead.sorted = false;
    lead.events.push(bookEvent);
    this.#absorb(lead, bookEvent);
    return lead;
  }

  /** Keep the latest event of these types on every lead (`LeadRecord.marks`). */
  watch(types: Iterable<string>): void {
    const added = [...types].filter((type) => !this.#watched.has(type));
    if (added.length === 0) return;
    for (const type of added) this.#watched.add(type);
    for (const lead of this.leads.values())
      for (const event of lead.events) this.#mark(lead, event);
  }

  #absorb(lead: LeadRecord, event: BookEvent): void {
    absorbMonotonic(lead, event);
    this.#mark(lead, event);
  }

  #mark(lead: LeadRecord, event: BookEvent): void {
    if (!this.#watched.has(event.type)) return;
    lead.marks ??= new Map();
    const held = lead.marks.get(event.type);
    if (held === undefined || byTimeThenId(held, event) < 0) lead.marks.set(event.type, event);
  }

  /**
   * Events just committed, each for the lead `leadOf` resolves it to now (skipping those `skip` says
   * were not stored). A lead whose new events all sort after its earlier ones is updated event by
   * event; otherwise it is rebuilt once. Returns the leads touched.
   */
  applyCommitted(
    events: readonly StoredEvent[],
    leadOf: (event: StoredEvent) => string,
    skip?: (index: number) => boolean,
  ): Set<string> {
    // The unit's events gather on their lead's record (`#incoming`), in arrival order.
    const touched: LeadRecord[] = [];
    for (let i = 0; i < events.length; i++) {
      if (skip?.(i) === true) continue;
      const event = events[i] as StoredEvent;
      const bookEvent = toBookEvent(event);
      const lead = this.#record(leadOf(event), bookEvent.receivedAt);
      const incoming = this.#incoming.get(lead);
      if (incoming === undefined) {
        this.#incoming.set(lead, bookEvent);
        touched.push(lead);
      } else if (Array.isArray(incoming)) incoming.push(bookEvent);
      else this.#incoming.set(lead, [incoming, bookEvent]);
    }
    const ids = new Set<string>();
    for (const lead of touched) {
      const incoming = this.#incoming.get(lead) as BookEvent | BookEvent[];
      this.#incoming.delete(lead);
      ids.add(lead.id);
      const added = Array.isArray(incoming) ? incoming.sort(byTimeThenId) : [incoming];
      const last = eventsInOrder(lead).at(-1);
      const first = added[0] as BookEvent;
      const inOrder = last === undefined || byTimeThenId(last, first) < 0;
      for (const event of added) lead.events.push(event);
      for (const event of added) this.#absorb(lead, event);
      if (!inOrder) {
        lead.sorted = false;
        this.rebuild(lead);
        continue;
      }
      for (const event of added) {
        absorbOrdered(lead, event);
        this.#applyToModels(lead, event);
      }
    }
    return ids;
  }

  #applyToModels(lead: LeadRecord, event: BookEvent): void {
    if (lead.models.size === 0) return;
    for (const slot of lead.models.values()) {
      const model = slot.model;
      if (event.forModel !== null && event.forModel !== model.id) continue;
      if (model.apply(slot.state, event, lead.traits) === "replay") {
        slot.state = model.createState(historyFor(lead, model.id));
      }
      if (!event.byAgent && model.isHighIntent(event))
        slot.lastHighIntentAt = later(slot.lastHighIntentAt, event.timestamp);
    }
  }

  /** A presence signal (heartbeat) at `at`; true when it moved the lead's last-seen instant. */
  seen(leadId: string, at: number): boolean {
    const lead = this.leads.get(leadId);
    if (lead === undefined || (lead.lastSeenAt !== null && lead.lastSeenAt >= at)) return false;
    lead.lastSeenAt = at;
    return true;
  }

  /** Move everything of `fromId` onto `intoId` and rebuild the merged lead. */
  merge(fromId: string, intoId: string): void {
    const from = this.leads.get(fromId);
    if (from === undefined || fromId === intoId) return;
    const into = this.#record(intoId, from.createdAt);
    for (const event of from.events) into.events.push(event);
    into.sorted = false;
    into.createdAt = Math.min(into.createdAt, from.createdAt);
    if (from.lastActivityAt !== null)
      into.lastActivityAt = later(into.lastActivityAt, from.lastActivityAt);
    if (from.lastSeenAt !== null) into.lastSeenAt = later(into.lastSeenAt, from.lastSeenAt);
    if (from.lastTraitsAt !== null) into.lastTraitsAt = later(into.lastTraitsAt, from.lastTraitsAt);
    for (const event of from.marks?.values() ?? []) this.#mark(into, event);
    this.leads.delete(fromId);
    this.rebuild(into);
  }

  remove(leadId: string): void {
    this.leads.delete(leadId);
  }

  /** Profile and every model's state from the lead's events. */
  rebuild(lead: LeadRecord): void {
    const events = eventsInOrder(lead);
    lead.traits = {};
    lead.email = null;
    lead.userId = null;
    lead.anonymousIds = [];
    for (const event of events) absorbOrdered(lead, event);
    lead.models = new Map(this.#models().map((model) => [model.id, this.#slot(lead, model)]));
  }

  /** A model was published: every lead's state under it is rebuilt from history. */
  rebuildModel(model: ScoringModel): void {
    for (const lead of this.leads.values()) lead.models.set(model.id, this.#slot(lead, model));
  }

  #slot(lead: LeadRecord, model: ScoringModel): LeadModelSlot {
    const history = historyFor(lead, model.id);
    const slot = emptySlot(model);
    slot.state = model.createState(history);
    for (const event of history.events) {
      if (!event.byAgent && model.isHighIntent(event))
        slot.lastHighIntentAt = later(slot.lastHighIntentAt, event.timestamp);
    }
    return slot;
  }

  /**
   * Bring the cached score, band, stage and grade of every model to `at` (no replay: decay is one
   * multiplication). Returns whether any of them changed; sets `nextGradeAt`.
   */
  value(lead: LeadRecord, at: number): boolean {
    let changed = false;
    let next: number | null = null;
    if (lead.models.size === 0) {
      lead.valuedAt = at;
      lead.nextGradeAt = null;
      return false;
    }
    for (const slot of lead.models.values()) {
      const { score, band, stage } = slot.model.current(slot.state, at);
      const signals = gradeSignals(lead, slot);
      const grade = slot.model.grade(signals, at);
      if (
        score !== slot.score ||
        band !== slot.band ||
        stage !== slot.stage ||
        grade !== slot.grade
      ) {
        changed = true;
        slot.score = score;
        slot.band = band;
        slot.stage = stage;
        slot.grade = grade;
      }
      const due = slot.model.nextGradeChangeAt(signals, at);
      if (due !== null && (next === null || due < next)) next = due;
    }
    lead.valuedAt = at;
    lead.nextGradeAt = next;
    return changed;
  }
}

function emptySlot(model: ScoringModel): LeadModelSlot {
  const state = model.createState({ events: [] });
  const { score, band, stage } = model.current(state, 0);
  return { model, state, lastHighIntentAt: null, score, band, stage, grade: "D" };
}

/** What does not depend on event order: times, first sighting. */
function absorbMonotonic(lead: LeadRecord, event: BookEvent): void {
  lead.createdAt = Math.min(lead.createdAt, event.receivedAt, event.timestamp);
  if (!event.byAgent) lead.lastActivityAt = later(lead.lastActivityAt, event.timestamp);
  if (!event.byAgent && event.traits !== undefined)
    lead.lastTraitsAt = later(lead.lastTraitsAt, event.timestamp);
  // A page view is presence from the moment it happened; imported history is not "now".
  if (event.callType === "page")
    lead.lastSeenAt = later(lead.lastSeenAt, Math.min(event.timestamp, event.receivedAt));
}

/** What the latest event wins: traits, userId, email, anonymous ids seen. */
function absorbOrdered(lead: LeadRecord, event: BookEvent): void {
  if (event.traits !== undefined) {
    // A new object, not an in-place merge: caches keyed on the traits object (search text) see the change.
    lead.traits = { ...lead.traits, ...event.traits };
    lead.email = normaliseEmail(lead.traits.email);
  }
  if (event.userId !== null) lead.userId = event.userId;
  if (event.anonymousId !== null && !lead.anonymousIds.includes(event.anonymousId))
    lead.anonymousIds.push(event.anonymousId);
}

export function leadName(lead: LeadRecord): string | null {
  const name = textOf(lead.traits.name);
  if (name !== null) return name;
  const parts = [textOf(lead.traits.firstName), textOf(lead.traits.lastName)].filter(
    (p) => p !== null,
  );
  return parts.length > 0 ? parts.join(" ") : null;
}

export function leadCompany(lead: LeadRecord): string | null {
  const company = lead.traits.company;
  if (typeof company === "object" && company !== null && !Array.isArray(company)) {
    return textOf((company as Record<string, unknown>).name);
  }
  return textOf(company);
}
