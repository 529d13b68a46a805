// The counted hits of capped rules, kept in the state's `values` after the accumulators as entries of three
// numbers: [capSlot, occurredAt, points]. An entry whose window has passed is marked free and reused.

import type { Stage } from "../types.ts";
import type { CompiledEngagementRule, CompiledModel } from "./compile-model.ts";
import { IncrementalState } from "./incremental-state.ts";

/** capSlot of an entry that no window counts any more; any capped rule may reuse it. */
export const FREE_SLOT = -1;
const ENTRY = 3;

/**
 * The points a capped rule adds at `at`, recording the counted hit.
 * Entries are updated in place: a hit reuses an expired entry (events only move forward through a state, so an
 * expired hit never counts again), and the state grows by one entry only when none is free. A lead's caps thus
 * allocate nothing in the steady state, and hold at most the hits its windows ever counted at once.
 */
export function limitPoints(
  compiled: CompiledModel,
  state: IncrementalState,
  rule: CompiledEngagementRule,
  at: number,
  basePoints: number,
): number {
  const limit = rule.limit!;
  const slot = rule.capSlot;
  const values: number[] = state;
  const expiresAt = limit.perMs === null ? Number.NEGATIVE_INFINITY : at - limit.perMs;
  let counted = 0;
  let used = 0;
  let free = -1;
  for (let i = compiled.capsAt; i < values.length; i += ENTRY) {
    const entrySlot = values[i]!;
    if (entrySlot === slot) {
      if (values[i + 1]! > expiresAt) {
        counted++;
        used += values[i + 2]!;
        continue;
      }
      values[i] = FREE_SLOT;
    } else if (entrySlot !== FREE_SLOT) continue;
    if (free < 0) free = i;
  }
  let points = basePoints;
  if (limit.times !== null && counted >= limit.times) points = 0;
  else if (limit.points !== null) {
    const room = Math.max(0, limit.points - used);
    points = Math.sign(basePoints) * Math.min(Math.abs(basePoints), room);
  }
  if (points === 0) return 0;
  const into = free >= 0 ? free : grow(state);
  values[into] = slot;
  values[into + 1] = at;
  values[into + 2] = Math.abs(points);
  return points;
}

/** Adds one entry at the end of the state and answers its index (rare: only past one entry per capped rule). */
function grow(state: IncrementalState): number {
  const at = state.length;
  state.push(FREE_SLOT, 0, 0);
  return at;
}

/**
 * A new state: the fixed numbers (zero) and one free entry per capped rule, so that each capped rule's first hits
 * take no allocation (an array grown under a long-lived state is copied again when the collector promotes it).
 */
export function emptyStateFor(
  compiled: CompiledModel,
  stage: Stage,
  stageCause: string,
  identified: boolean,
): IncrementalState {
  const state = new IncrementalState(
    compiled.capsAt + ENTRY * compiled.capSlots,
    stage,
    stageCause,
    identified,
  );
  for (let i = compiled.capsAt; i < state.length; i += ENTRY) state[i] = FREE_SLOT;
  return state;
}
