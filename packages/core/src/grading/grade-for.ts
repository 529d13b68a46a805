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
  if (
    (signals.presentUntil !== null && signals.presentUntil > at) ||
    within(signals.lastHighIntentAt, aMs, at)
  )
    return "A";
  if (within(signals.lastActivityAt, bMs, at)) return "B";
  if (within(signals.lastActivityAt, cMs, at)) return "C";
  return "D";
}

// Module-level, not closures: tsx (esbuild keepNames) names every closure made per call with a
// defineProperty, which cost more than the grading itself on the ingest path.
function within(t: number | null, windowMs: number, at: number): boolean {
  return t !== null && t <= at && at - t <= windowMs;
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
  // `within` holds from t to t + window inclusive, so it turns false one millisecond later.
  if (signals.presentUntil !== null) next = earlierAfter(signals.presentUntil, at, next);
  const highIntentAt = signals.lastHighIntentAt;
  if (highIntentAt !== null) {
    next = earlierAfter(highIntentAt, at, next);
    next = earlierAfter(highIntentAt + aMs + 1, at, next);
  }
  const activityAt = signals.lastActivityAt;
  if (activityAt !== null) {
    next = earlierAfter(activityAt, at, next);
    next = earlierAfter(activityAt + bMs + 1, at, next);
    next = earlierAfter(activityAt + cMs + 1, at, next);
  }
  return next === Number.POSITIVE_INFINITY ? null : next;
}

/** `t` when it is after `at` and before `next`, else `next`. */
function earlierAfter(t: number, at: number, next: number): number {
  return t > at && t < next ? t : next;
}
