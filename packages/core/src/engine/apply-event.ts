import type { LeadEvent, LeadHistory, Stage, StageChange, Traits } from "../types.ts";
import type { CompiledModel } from "./compile-model.ts";
import { readField } from "./field-values.ts";
import type { IncrementalState } from "./incremental-state.ts";
import { NEVER } from "./incremental-state.ts";
import { replay, scoreAt } from "./replay.ts";
import { bandFor, roundedScoreAt, stepEvent } from "./step-event.ts";

export type ApplyOutcome =
  | {
      readonly kind: "scored";
      readonly state: IncrementalState;
      readonly changes: { readonly band?: [string, string]; readonly stage?: StageChange };
    }
  | { readonly kind: "ignored"; readonly reason: string }
  | { readonly kind: "needs-replay"; readonly reason: string };

const NO_CHANGES = Object.freeze({});
const DUPLICATE: ApplyOutcome = Object.freeze({
  kind: "ignored",
  reason: "duplicate of the last applied message",
});
const NO_MATCH: ApplyOutcome = Object.freeze({
  kind: "ignored",
  reason: "no rule of this model matches the event",
});
const LATE: ApplyOutcome = Object.freeze({
  kind: "needs-replay",
  reason: "event older than the last applied one: caps, decay and stages depend on order",
});

/**
 * Builds the hot-path state of a lead from its full history (all events; none is in the future of the state).
 * @example const state = createIncrementalState(compiled, { events: [], identified: true });
 */
export function createIncrementalState(
  compiled: CompiledModel,
  history?: LeadHistory,
): IncrementalState {
  return replay(compiled, history, Number.POSITIVE_INFINITY, null).state;
}

/** Whether a late event could change anything; if not, it can be ignored without a replay. */
function couldMatter(compiled: CompiledModel, event: LeadEvent): boolean {
  return (
    event.traits !== undefined ||
    event.identified === true ||
    event.type === "stage.set" ||
    compiled.rulesByEvent.has(event.type) ||
    compiled.stageEventsByType.has(event.type)
  );
}

/**
 * Applies one event to a lead's state IN PLACE (the caller owns the state) and says what changed.
 * `traits` are the lead's merged traits after this event. An event that sorts before the last applied one
 * answers `needs-replay`: rebuild with createIncrementalState over the whole history instead.
 * @example
 * const outcome = applyEvent(compiled, state, event, lead.traits);
 * if (outcome.kind === "needs-replay") state = createIncrementalState(compiled, history);
 */
export function applyEvent(
  compiled: CompiledModel,
  state: IncrementalState,
  event: LeadEvent,
  traits: Traits,
): ApplyOutcome {
  const lastAt = state.lastAt;
  if (lastAt !== NEVER && event.timestamp <= lastAt) {
    const lastId = state.lastMessageId;
    if (event.timestamp === lastAt && event.messageId === lastId) return DUPLICATE;
    if (event.timestamp < lastAt || event.messageId < lastId)
      return couldMatter(compiled, event) ? LATE : NO_MATCH;
  }
  const stageBefore: Stage = state.stage;
  const bandBefore = state.band;
  if (!stepEvent(compiled, state, event, traits, null)) return NO_MATCH;
  const band = bandFor(compiled.model, roundedScoreAt(compiled, state, event.timestamp));
  state.band = band;
  if (band === bandBefore && state.stage === stageBefore)
    return { kind: "scored", state, changes: NO_CHANGES };
  const changes: { band?: [string, string]; stage?: StageChange } = {};
  if (band !== bandBefore) changes.band = [bandBefore, band];
  if (state.stage !== stageBefore) {
    const reason =
      state.stageCause === "manual" ? readField(event.properties, "reason") : undefined;
    changes.stage = {
      stage: state.stage,
      from: stageBefore,
      at: event.timestamp,
      cause: state.stageCause,
      messageId: event.messageId,
      ...(typeof reason === "string" ? { reason } : {}),
    };
  }
  return { kind: "scored", state, changes };
}

/**
 * The score of a hot-path state at `at` (decay measured to `at`), without the ledger.
 * @example currentScore(compiled, state, Date.now()).band
 */
export function currentScore(compiled: CompiledModel, state: IncrementalState, at: number) {
  const { score, rawScore, fit, engagement, band } = scoreAt(compiled, state, at);
  return { score, rawScore, fit, engagement, band, stage: state.stage };
}
