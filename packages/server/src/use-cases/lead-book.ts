import type { Grade, LeadEvent, LeadHistory, LeadModelState } from "@leadscore/core";
import type { MessageType, StoredEvent } from "../ports/store.ts";
import { normaliseEmail } from "./identity-graph.ts";
import type { ScoringModel } from "./scoring-model.ts";

/** An event as kept in memory: what core scores plus what the API shows. */
export interface BookEvent extends LeadEvent {
  readonly callType: MessageType;
  readonly receivedAt: number;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** Manual stage changes name the model they are for; other events count for every model. */
  readonly forModel: string | null;
}

export interface ScoredModel {
  readonly state: LeadModelState;
  readonly grade: Grade;
  readonly scoredAt: number;
}

export interface LeadRecord {
  readonly id: string;
  /** Sorted by (timestamp, messageId) — the order the engine applies them in. */
  events: BookEvent[];
  unsorted: boolean;
  createdAt: number;
  lastActivityAt: number | null;
  userId: string | null;
  email: string | null;
  anonymousIds: string[];
  traits: Record<string, unknown>;
  /** Scores are recomputed from `events` when dirty or when the decay refresh comes round. */
  dirty: boolean;
  scores: Map<string, ScoredModel>;
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
  };
}

const byTimeThenId = (a: BookEvent, b: BookEvent): number =>
  a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

function textOf(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** All lead state in memory, rebuilt from the event log at start; the log stays the source of truth. */
export class LeadBook {
  readonly leads = new Map<string, LeadRecord>();

  #record(leadId: string, at: number): LeadRecord {
    let lead = this.leads.get(leadId);
    if (lead === undefined) {
      lead = {
        id: leadId,
        events: [],
        unsorted: false,
        createdAt: at,
        lastActivityAt: null,
        userId: null,
        email: null,
        anonymousIds: [],
        traits: {},
        dirty: true,
        scores: new Map(),
      };
      this.leads.set(leadId, lead);
    }
    return lead;
  }

  /** Add an event already committed to the log, for the lead it resolves to now. */
  add(leadId: string, event: StoredEvent): void {
    const lead = this.#record(leadId, event.receivedAt);
    const bookEvent = toBookEvent(event);
    const last = lead.events.at(-1);
    if (last !== undefined && byTimeThenId(last, bookEvent) > 0) lead.unsorted = true;
    lead.events.push(bookEvent);
    lead.createdAt = Math.min(lead.createdAt, event.receivedAt, event.timestamp);
    lead.dirty = true;
  }

  /** Move everything of `fromId` onto `intoId`; the merged lead is re-sorted and rescored. */
  merge(fromId: string, intoId: string): void {
    const from = this.leads.get(fromId);
    if (from === undefined || fromId === intoId) return;
    const into = this.#record(intoId, from.createdAt);
    into.events.push(...from.events);
    into.unsorted = true;
    into.createdAt = Math.min(into.createdAt, from.createdAt);
    into.dirty = true;
    this.leads.delete(fromId);
  }

  remove(leadId: string): void {
    this.leads.delete(leadId);
  }

  /** Bring a lead's profile and scores up to date at `at`. */
  refresh(lead: LeadRecord, models: readonly ScoringModel[], at: number): void {
    if (lead.unsorted) {
      lead.events.sort(byTimeThenId);
      lead.unsorted = false;
    }
    this.#profile(lead);
    lead.scores = new Map(
      models.map((model) => {
        const history = historyFor(lead, model.id);
        const state = model.score(history, at);
        return [model.id, { state, grade: model.grade(history, state, at), scoredAt: at }];
      }),
    );
    lead.dirty = false;
  }

  #profile(lead: LeadRecord): void {
    const traits: Record<string, unknown> = {};
    const anonymous = new Set<string>();
    let userId: string | null = null;
    let lastActivityAt: number | null = null;
    for (const event of lead.events) {
      if (event.traits !== undefined) Object.assign(traits, event.traits);
      if (event.userId !== null) userId = event.userId;
      if (event.anonymousId !== null) anonymous.add(event.anonymousId);
      if (event.callType !== "manual") lastActivityAt = event.timestamp;
    }
    lead.traits = traits;
    lead.userId = userId;
    lead.email = normaliseEmail(traits.email);
    lead.anonymousIds = [...anonymous];
    lead.lastActivityAt = lastActivityAt;
  }
}

export function historyFor(lead: LeadRecord, modelId: string, until?: number): LeadHistory {
  const events = lead.events.filter(
    (e) =>
      (e.forModel === null || e.forModel === modelId) &&
      (until === undefined || e.timestamp <= until),
  );
  return { events };
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
