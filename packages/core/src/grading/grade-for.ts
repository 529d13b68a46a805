import type { CompiledModel } from "../engine/compile-model.ts";
import type { Model } from "../model/model-types.ts";
import type { Grade, LeadEvent } from "../types.ts";

export interface GradeSignals {
  readonly lastActivityAt: number | null;
  readonly lastHighIntentAt: number | null;
  /** The lead is on the site until this instant (a presence heartbeat), or null. */
  readonly presentUntil: number | null;
}

/**
 * The real-time grade (S14): A = present now or a high-intent event within `grading.a`; B = active within
 * `grading.b`; C = within `grading.c`; D = older or never.
 * @example gradeFor(model, { lastActivityAt: now - 60_000, lastHighIntentAt: null, presentUntil: null }, now) // "B"
 */
export function gradeFor(model: Model, signals: GradeSignals, at: number): Grade {
  const { aMs, bMs, cMs } = model.grading;
  const within = (t: number | null, windowMs: number) =>
    t !== null && t <= at && at - t <= windowMs;
  if (
    (signals.presentUntil !== null && signals.presentUntil > at) ||
    within(signals.lastHighIntentAt, aMs)
  )
    return "A";
  if (within(signals.lastActivityAt, bMs)) return "B";
  if (within(signals.lastActivityAt, cMs)) return "C";
  return "D";
}

/** Whether an event counts as high intent for grading; with no `highIntent` list, every event does. */
export function isHighIntent(compiled: CompiledModel, event: LeadEvent): boolean {
  if (compiled.model.grading.highIntent.length === 0) return true;
  const matchers = compiled.highIntent.get(event.type);
  if (matchers === undefined) return false;
  const input = compiled.scratch;
  input.properties = event.properties;
  return matchers.some((where) => where === null || where(input));
}

/**
 * The next instant after `at` at which `gradeFor` may answer differently with the same signals (a presence
 * or a window runs out), or null when the grade can no longer change by time alone. Schedule a re-check then.
 * @example nextGradeChangeAt(model, { lastActivityAt: now, lastHighIntentAt: null, presentUntil: null }, now) // now + grading.bMs + 1
 */
export function nextGradeChangeAt(model: Model, signals: GradeSignals, at: number): number | null {
  const { aMs, bMs, cMs } = model.grading;
  let next = Number.POSITIVE_INFINITY;
  const consider = (t: number) => {
    if (t > at && t < next) next = t;
  };
  // `within` holds from t to t + window inclusive, so it turns false one millisecond later.
  if (signals.presentUntil !== null) consider(signals.presentUntil);
  if (signals.lastHighIntentAt !== null) {
    consider(signals.lastHighIntentAt);
    consider(signals.lastHighIntentAt + aMs + 1);
  }
  if (signals.lastActivityAt !== null) {
    consider(signals.lastActivityAt);
    consider(signals.lastActivityAt + bMs + 1);
    consider(signals.lastActivityAt + cMs + 1);
  }
  return next === Number.POSITIVE_INFINITY ? null : next;
}
