// The counted hits of capped rules as entries of three numbers: [capSlot, occurredAt, points]. A state holds one
// entry per capped rule after its accumulators; more live hits go to `capOverflow`, an exact-size array (growing
// the state itself would make V8 reserve half its size again plus 16 numbers). An entry whose window has passed
// is marked free and reused, so a lead's caps allocate nothing in the steady state.

import type { Stage } from "../types.ts";
import type { CompiledEngagementRule, CompiledModel } from "./compile-model.ts";
import { IncrementalState } from "./incremental-state.ts";

/** capSlot of an entry that no window counts any more; any capped rule may reuse it. */
export const FREE_SLOT = -1;
const ENTRY = 3;

/** What the last scan counted: one scratch object, since the engine is synchronous (no result object per scan). */
const scan = { counted: 0, used: 0 };

/**
 * Counts the live hits of `slot` in `entries` from `from` into `scan`, frees its expired ones (events only move
 * forward through a state, so an expired hit never counts again) and answers the first free entry, or -1.
 */
function scanEntries(entries: number[], from: number, slot: number, expiresAt: number): number {
  let free = -1;
  for (let i = from; i < entries.length; i += ENTRY) {
    const entrySlot = entries[i]!;
    if (entrySlot === slot) {
      if (entries[i + 1]! > expiresAt) {
        scan.counted++;
        scan.used += entries[i + 2]!;
        continue;
      }
      entries[i] = FREE_SLOT;
    } else if (entrySlot !== FREE_SLOT) continue;
    if (free < 0) free = i;
  }
  return free;
}

/** The points a capped rule adds at `at`, recording the counted hit in a free entry (or a new one). */
export function limitPoints(
  compiled: CompiledModel,
  state: IncrementalState,
  rule: CompiledEngagementRule,
  at: number,
  basePoints: number,
): number {
  const limit = rule.limit!;
  const slot = rule.capSlot;
  const expiresAt = limit.perMs === null ? Number.NEGATIVE_INFINITY : at - limit.perMs;
  scan.counted = 0;
  scan.used = 0;
  const free = scanEntries(state, compiled.capsAt, slot, expiresAt);
  const overflow = state.capOverflow;
  const freeInOverflow = overflow === null ? -1 : scanEntries(overflow, 0, slot, expiresAt);
  let points = basePoints;
  if (limit.times !== null && scan.counted >= limit.times) points = 0;
  else if (limit.points !== null) {
    const room = Math.max(0, limit.points - scan.used);
    points = Math.sign(basePoints) * Math.min(Math.abs(basePoints), room);
  }
  if (points === 0) return 0;
  const counted = Math.abs(points);
  if (free >= 0) writeEntry(state, free, slot, at, counted);
  else if (freeInOverflow >= 0) writeEntry(overflow!, freeInOverflow, slot, at, counted);
  else {
    const entry = [slot, at, counted];
    state.capOverflow = overflow === null ? entry : overflow.concat(entry);
  }
  return points;
}

function writeEntry(entries: number[], i: number, slot: number, at: number, points: number): void {
  entries[i] = slot;
  entries[i + 1] = at;
  entries[i + 2] = points;
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
