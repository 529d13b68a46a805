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
