import type { ClaimRow } from "../../ports/store.ts";
import type { LeadModelSlot, LeadRecord } from "../lead-book.ts";
import { OUTCOMES, type Outcome, outcomeEventName, outcomeOf } from "../outcome-events.ts";
import type { QueueDefinition } from "./queue-definition.ts";

/** What the call outcomes in a lead's log say now: the latest one decides. */
export interface CallFacts {
  readonly lastOutcome: Outcome | null;
  readonly lastCallAt: number | null;
  /** Set while the latest outcome is a call-back: when to call. */
  readonly callbackAt: number | null;
}

const NO_CALLS: CallFacts = { lastOutcome: null, lastCallAt: null, callbackAt: null };
const OUTCOME_TYPES = OUTCOMES.map(outcomeEventName);

export function callFacts(lead: LeadRecord): CallFacts {
  if (lead.marks === null) return NO_CALLS;
  let latest: { outcome: Outcome; at: number; messageId: string; callbackAt: unknown } | null =
    null;
  for (const type of OUTCOME_TYPES) {
    const event = lead.marks.get(type);
    if (event === undefined) continue;
    const outcome = outcomeOf(event.type, event.properties);
    if (outcome === null) continue;
    if (
      latest === null ||
      event.timestamp > latest.at ||
      (event.timestamp === latest.at && event.messageId > latest.messageId)
    ) {
      latest = {
        outcome,
        at: event.timestamp,
        messageId: event.messageId,
        callbackAt: event.properties?.callbackAt,
      };
    }
  }
  if (latest === null) return NO_CALLS;
  const callbackAt =
    latest.outcome === "call_back" && typeof latest.callbackAt === "number"
      ? latest.callbackAt
      : null;
  return { lastOutcome: latest.outcome, lastCallAt: latest.at, callbackAt };
}

const truthy = (value: unknown): boolean =>
  value === true || value === 1 || (typeof value === "string" && /^(true|yes|1)$/i.test(value));

export type Eligibility =
  | { readonly eligible: true; readonly callbackDue: boolean }
  | {
      readonly eligible: false;
      readonly reason: string;
      /** When time alone may make the lead eligible (callback, lease, "not called within"). */
      readonly until: number | null;
    };

const no = (reason: string, until: number | null = null): Eligibility => ({
  eligible: false,
  reason,
  until,
});

/** Whether a lead may be in a queue at `at`, and if not, until when. Pure: reads the lead's cached values. */
export function eligibility(
  def: QueueDefinition,
  lead: LeadRecord,
  slot: LeadModelSlot,
  claim: ClaimRow | undefined,
  at: number,
): Eligibility {
  for (const type of def.never.events) if (lead.marks?.has(type) === true) return no(type);
  for (const trait of def.never.traits) if (truthy(lead.traits[trait])) return no(trait);
  const calls = callFacts(lead);
  if (
    calls.lastOutcome === "wrong_data" &&
    (lead.lastTraitsAt === null || lead.lastTraitsAt <= (calls.lastCallAt ?? 0))
  ) {
    return no("wrong data until the lead's details change");
  }
  if (claim !== undefined && claim.leaseUntil > at) return no("claimed", claim.leaseUntil);
  let callbackDue = false;
  if (calls.callbackAt !== null) {
    if (calls.callbackAt > at) return no("call back later", calls.callbackAt);
    callbackDue = true;
  } else if (calls.lastCallAt !== null && calls.lastCallAt + def.notCalledWithinMs > at) {
    return no("called recently", calls.lastCallAt + def.notCalledWithinMs);
  }
  const { bands, stages, grades, minScore, when } = def.eligible;
  if (!stages.includes(slot.stage)) return no("stage");
  if (bands !== null && !bands.includes(slot.band)) return no("band");
  if (grades !== null && !grades.includes(slot.grade)) return no("grade");
  if (minScore !== null && slot.score < minScore) return no("score");
  if (when !== null && !when(lead.traits)) return no("traits");
  return { eligible: true, callbackDue };
}
