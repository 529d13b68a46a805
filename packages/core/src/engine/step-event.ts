import type { LeadEvent, Stage, Traits } from "../types.ts";
import { STAGE_ORDER } from "../types.ts";
import type { CompiledEngagementRule, CompiledModel, CompiledStageRule } from "./compile-model.ts";
import { decayedValue, stepDeduction } from "./decay.ts";
import type { IncrementalState } from "./incremental-state.ts";
import { NEVER } from "./incremental-state.ts";

/** Receives what a replay needs for the ledger and the stage history; the hot path passes null. */
export interface StepRecorder {
  hit(rule: CompiledEngagementRule, event: LeadEvent, basePoints: number, points: number): void;
  deduct(group: number, fromAt: number, toAt: number, points: number): void;
  stage(stage: Stage, from: Stage, at: number, cause: string, event: LeadEvent): void;
}

const EMPTY_HITS: readonly number[] = [];
const RANK: Readonly<Record<string, number>> = Object.fromEntries(
  STAGE_ORDER.map((s, i) => [s, i]),
);
const STAGES: ReadonlySet<string> = new Set<string>([...STAGE_ORDER, "disqualified"]);

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && STAGES.has(value);
}

export function fitOf(compiled: CompiledModel, traits: Traits | undefined): number {
  const input = compiled.scratch;
  input.traits = traits;
  let fit = 0;
  for (const rule of compiled.fitRules) if (rule.test(input)) fit += rule.points(traits);
  return fit;
}

export function engagementAt(compiled: CompiledModel, state: IncrementalState, at: number): number {
  const idleMs = state.lastActivityAt === NEVER ? 0 : at - state.lastActivityAt;
  const acc = state.acc;
  let total = 0;
  if (idleMs === 0) {
    for (let g = 0; g < acc.length; g++) total += acc[g]!;
    return total;
  }
  const groups = compiled.decayGroups;
  for (let g = 0; g < groups.length; g++) total += decayedValue(groups[g]!, acc[g] ?? 0, idleMs);
  return total;
}

/** The rounded, clamped score at `at`; allocation-free for the hot path. */
export function roundedScoreAt(
  compiled: CompiledModel,
  state: IncrementalState,
  at: number,
): number {
  return Math.round(clampToScale(compiled, state.fit + engagementAt(compiled, state, at))) + 0;
}

export function clampToScale(compiled: CompiledModel, total: number): number {
  const { min, max } = compiled.model.scale;
  return Math.min(max, Math.max(min, total));
}

export function bandFor(model: CompiledModel["model"], score: number): string {
  const bands = model.bands;
  for (let i = bands.length - 1; i > 0; i--) if (score >= bands[i]!.from) return bands[i]!.name;
  return bands[0]?.name ?? "";
}

function advanceTo(
  compiled: CompiledModel,
  state: IncrementalState,
  at: number,
  recorder: StepRecorder | null,
): void {
  const since = state.lastActivityAt;
  if (since === NEVER || since === at) return;
  const groups = compiled.decayGroups;
  for (let g = 0; g < groups.length; g++) {
    const decay = groups[g]!;
    const value = state.acc[g] ?? 0;
    if (decay.kind === "halfLife") state.acc[g] = value * 0.5 ** ((at - since) / decay.halfLifeMs);
    else if (decay.kind === "step" && value > 0) {
      const removed = Math.min(value, stepDeduction(decay, at - since));
      if (removed > 0) {
        state.acc[g] = value - removed;
        recorder?.deduct(g, since, at, removed);
      }
    }
  }
}

function limitPoints(
  state: IncrementalState,
  rule: CompiledEngagementRule,
  at: number,
  basePoints: number,
): number {
  const limit = rule.limit!;
  const slot = rule.capSlot;
  const hits = state.caps ?? EMPTY_HITS;
  const expiresAt = limit.perMs === null ? Number.NEGATIVE_INFINITY : at - limit.perMs;
  let counted = 0;
  let used = 0;
  let expired = 0;
  for (let i = 0; i < hits.length; i += 3) {
    if (hits[i] !== slot) continue;
    if (hits[i + 1]! <= expiresAt) expired++;
    else {
      counted++;
      used += hits[i + 2]!;
    }
  }
  let points = basePoints;
  if (limit.times !== null && counted >= limit.times) points = 0;
  else if (limit.points !== null) {
    const room = Math.max(0, limit.points - used);
    points = Math.sign(basePoints) * Math.min(Math.abs(basePoints), room);
  }
  if (expired === 0 && points === 0) return points;
  // One flat, exact-size array per lead: a pushed-to array would reserve room for ~17 more numbers.
  const next = new Array<number>(hits.length - expired * 3 + (points === 0 ? 0 : 3));
  let n = 0;
  for (let i = 0; i < hits.length; i += 3) {
    if (hits[i] === slot && hits[i + 1]! <= expiresAt) continue;
    next[n++] = hits[i]!;
    next[n++] = hits[i + 1]!;
    next[n++] = hits[i + 2]!;
  }
  if (points !== 0) {
    next[n++] = slot;
    next[n++] = at;
    next[n++] = Math.abs(points);
  }
  state.caps = next.length === 0 ? null : next;
  return points;
}

function moveStage(
  state: IncrementalState,
  stage: Stage,
  at: number,
  cause: string,
  event: LeadEvent,
  recorder: StepRecorder | null,
): void {
  recorder?.stage(stage, state.stage, at, cause, event);
  state.stage = stage;
  state.stageAt = at;
  state.stageCause = cause;
}

function bestStageRule(compiled: CompiledModel, current: Stage): CompiledStageRule | null {
  const input = compiled.scratch;
  let best: CompiledStageRule | null = null;
  let bestRank = RANK[current] ?? -1;
  for (const rule of compiled.stageRules) {
    if (rule.stage === current || !rule.test(input)) continue;
    if (rule.stage === "disqualified") return rule;
    const rank = RANK[rule.stage] ?? -1;
    if (rank > bestRank) {
      best = rule;
      bestRank = rank;
    }
  }
  return best;
}

function advanceStage(
  compiled: CompiledModel,
  state: IncrementalState,
  event: LeadEvent,
  traits: Traits | undefined,
  recorder: StepRecorder | null,
): void {
  const at = event.timestamp;
  if (state.stage === "anonymous") moveStage(state, "lead", at, "identified", event, recorder);
  if (state.stage === "disqualified" || compiled.stageRules.length === 0) return;
  const input = compiled.scratch;
  const engagement = engagementAt(compiled, state, at);
  input.traits = traits;
  input.properties = event.properties;
  input.fit = state.fit;
  input.engagement = engagement;
  input.score = Math.round(clampToScale(compiled, state.fit + engagement)) + 0;
  input.seenEvents = state.seen;
  const best = bestStageRule(compiled, state.stage);
  if (best !== null) moveStage(state, best.stage, at, best.cause, event, recorder);
}

/**
 * Applies one event, in order, to a state: engagement points (caps, decay), fit on new traits, stages.
 * Returns false when the event changes nothing for this model. `traits` are the lead's traits after the event.
 */
export function stepEvent(
  compiled: CompiledModel,
  state: IncrementalState,
  event: LeadEvent,
  traits: Traits | undefined,
  recorder: StepRecorder | null,
): boolean {
  const at = event.timestamp;
  const properties = event.properties;
  const input = compiled.scratch;
  let changed = false;
  const rules = compiled.rulesByEvent.get(event.type);
  if (rules !== undefined) {
    input.properties = properties;
    input.traits = traits;
    for (const rule of rules) {
      if (rule.where !== null && !rule.where(input)) continue;
      if (!changed) {
        advanceTo(compiled, state, at, recorder);
        state.lastActivityAt = at;
        changed = true;
      }
      const basePoints = rule.points(properties);
      const points = rule.capSlot < 0 ? basePoints : limitPoints(state, rule, at, basePoints);
      state.acc[rule.decayGroup] = (state.acc[rule.decayGroup] ?? 0) + points;
      recorder?.hit(rule, event, basePoints, points);
    }
  }
  if (event.traits !== undefined) {
    state.fit = fitOf(compiled, traits);
    changed = true;
  }
  if (event.type === "stage.set") {
    const target = properties?.stage;
    if (isStage(target)) {
      if (target !== state.stage) moveStage(state, target, at, "manual", event, recorder);
      state.seen = 0;
      changed = true;
    }
  } else {
    if (event.identified === true && !state.identified) {
      state.identified = true;
      changed = true;
    }
    const conditions = compiled.stageEventsByType.get(event.type);
    if (conditions !== undefined) {
      input.properties = properties;
      input.traits = traits;
      for (const condition of conditions) {
        if ((state.seen & condition.bit) !== 0) continue;
        if (condition.where !== null && !condition.where(input)) continue;
        state.seen |= condition.bit;
        changed = true;
      }
    }
    if (changed && state.identified) advanceStage(compiled, state, event, traits, recorder);
  }
  if (changed) {
    state.lastAt = at;
    state.lastMessageId = event.messageId;
  }
  return changed;
}
