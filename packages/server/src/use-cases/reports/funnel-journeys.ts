import { type StageJourney, scoreLead } from "@leadscore/core";
import { historyFor, type LeadRecord } from "../lead-book.ts";
import type { ResolvedModel } from "./resolve-model-ref.ts";
import { LEADS_PER_SLICE, yieldToEventLoop } from "./run-backtest.ts";

interface CachedJourney {
  /** The lead's event count when replayed: events are only ever added to a lead (erasure drops it). */
  readonly events: number;
  /** Replayed at this instant; only valid for later queries when no event lay beyond it. */
  readonly complete: boolean;
  readonly journey: StageJourney;
}

/**
 * Stage journeys per lead under one model version, kept between funnel queries. Stage changes only
 * happen at events, so a replay to now holds the journey for every period: a query replays only
 * the leads whose events changed since, and the funnel itself is one pass over the journeys.
 * Derived from the log and held in memory only (nothing stored).
 */
export class FunnelJourneys {
  readonly #key: string;
  readonly #won: ReadonlySet<string>;
  readonly #byLead = new Map<string, CachedJourney>();

  constructor(resolved: ResolvedModel, outcomeEvents: readonly string[]) {
    this.#key = `${resolved.cacheKey}|${outcomeEvents.join(",")}`;
    this.#won = new Set(outcomeEvents);
  }

  matches(resolved: ResolvedModel, outcomeEvents: readonly string[]): boolean {
    return this.#key === `${resolved.cacheKey}|${outcomeEvents.join(",")}`;
  }

  /** Every lead's journey at `now`; changed leads are replayed, 2,000 between event-loop turns. */
  async journeys(
    leads: ReadonlyMap<string, LeadRecord>,
    resolved: ResolvedModel,
    now: number,
  ): Promise<{ journeys: StageJourney[]; replayed: number }> {
    const journeys: StageJourney[] = [];
    let replayed = 0;
    for (const lead of leads.values()) {
      let cached = this.#byLead.get(lead.id);
      if (cached === undefined || cached.events !== lead.events.length || !cached.complete) {
        cached = this.#replay(lead, resolved, now);
        this.#byLead.set(lead.id, cached);
        replayed += 1;
        if (replayed % LEADS_PER_SLICE === 0) await yieldToEventLoop();
      }
      journeys.push(cached.journey);
    }
    if (this.#byLead.size > leads.size * 1.25 + 1000) this.#prune(leads);
    return { journeys, replayed };
  }

  #replay(lead: LeadRecord, resolved: ResolvedModel, now: number): CachedJourney {
    const history = historyFor(lead, resolved.model.id);
    const state = scoreLead(resolved.compiled, history, now);
    let wonAt: number | null = null;
    let complete = true;
    for (const event of history.events) {
      if (event.timestamp > now) complete = false;
      else if (this.#won.has(event.type) && (wonAt === null || event.timestamp < wonAt)) {
        wonAt = event.timestamp;
      }
    }
    return {
      events: lead.events.length,
      complete,
      journey: {
        changes: state.stageHistory.map((change) => ({ stage: change.stage, at: change.at })),
        wonAt,
      },
    };
  }

  /** Drop erased and merged-away leads. */
  #prune(leads: ReadonlyMap<string, LeadRecord>): void {
    for (const id of this.#byLead.keys()) if (!leads.has(id)) this.#byLead.delete(id);
  }
}
