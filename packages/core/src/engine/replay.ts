import type { LeadEvent, LeadHistory, Traits } from "../types.ts";
import { emptyStateFor } from "./cap-entries.ts";
import type { CompiledModel } from "./compile-model.ts";
import type { IncrementalState } from "./incremental-state.ts";
import { FIT, LAST_ACTIVITY_AT, LAST_AT, NEVER, STAGE_AT } from "./incremental-state.ts";
import type { StepRecorder } from "./step-event.ts";
import { bandFor, clampToScale, engagementAt, fitOf, roundScore, stepEvent } from "./step-event.ts";

/** Timestamp order, ties by messageId: the one order in which every event is applied. */
export function compareEvents(a: LeadEvent, b: LeadEvent): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

/** The events that count at `at`: sorted, one per messageId (the earliest copy), none after `at`. */
export function orderedEvents(events: readonly LeadEvent[], at: number): LeadEvent[] {
  const sorted = [...events].sort(compareEvents);
  const seen = new Set<string>();
  const kept: LeadEvent[] = [];
  for (const event of sorted) {
    if (seen.has(event.messageId)) continue;
    seen.add(event.messageId);
    if (event.timestamp <= at) kept.push(event);
  }
  return kept;
}

export function emptyState(
  compiled: CompiledModel,
  history: LeadHistory | undefined,
): IncrementalState {
  const identified = history?.identified === true;
  const state = emptyStateFor(
    compiled,
    identified ? "lead" : "anonymous",
    identified ? "import" : "",
    identified,
  );
  state[LAST_AT] = NEVER;
  state[LAST_ACTIVITY_AT] = NEVER;
  state[STAGE_AT] = NEVER;
  state[FIT] = fitOf(compiled, history?.traits);
  return state;
}

export function scoreAt(compiled: CompiledModel, state: IncrementalState, at: number) {
  const fit = state.fit;
  const engagement = engagementAt(compiled, state, at);
  const total = fit + engagement;
  const rawScore = clampToScale(compiled, total);
  const score = roundScore(rawScore);
  return { score, rawScore, total, fit, engagement, band: bandFor(compiled.model, score) };
}

/** Replays a lead's history up to `at` into a fresh state, in event order; traits merge as events arrive. */
export function replay(
  compiled: CompiledModel,
  history: LeadHistory | undefined,
  at: number,
  recorder: StepRecorder | null,
): { state: IncrementalState; traits: Traits | undefined; events: LeadEvent[] } {
  const state = emptyState(compiled, history);
  const events = orderedEvents(history?.events ?? [], at);
  let traits = history?.traits;
  for (const event of events) {
    if (event.traits !== undefined) traits = { ...traits, ...event.traits };
    stepEvent(compiled, state, event, traits, recorder);
  }
  state.band = scoreAt(compiled, state, state.lastAt === NEVER ? at : state.lastAt).band;
  return { state, traits, events };
}
