import type { LeadEvent, Stage, Traits } from "../types.ts";
import { STAGE_ORDER } from "../types.ts";
import { limitPoints } from "./cap-entries.ts";
import type {
  CompiledEngagementRule,
  CompiledModel,
  CompiledStageEvent,
  CompiledStageRule,
} from "./compile-model.ts";
import { decayedValue, halvingFactor, stepDeduction } from "./decay.ts";
import type { IncrementalState } from "./incremental-state.ts";
import { ACC, FIT, LAST_ACTIVITY_AT, LAST_AT, NEVER, STAGE_AT } from "./incremental-state.ts";

/** Receives what a replay needs for the ledger and the stage history; the hot path passes null. */
export interface StepRecorder {
  hit(rule: CompiledEngagementRule, event: LeadEvent, basePoints: number, points: number): void;
  deduct(group: number, fromAt: number, toAt: number, points: number): void;
  stage(stage: Stage, from: Stage, at: number, cause: string, event: LeadEvent): void;
}

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
  const values: number[] = state;
  const since = values[LAST_ACTIVITY_AT]!;
  const idleMs = since === NEVER ? 0 : at - since;
  const groups = compiled.decayGroups;
  let total = 0;
  if (idleMs === 0) {
    for (let g = 0; g < groups.length; g++) total += values[ACC + g]!;
    return total;
  }
  for (let g = 0; g < groups.length; g++)
    total += decayedValue(groups[g]!, values[ACC + g]!, idleMs);
  return total;
}

/** The rounded, clamped score at `at`; allocation-free for the hot path. */
export function roundedScoreAt(
  compiled: CompiledModel,
  state: IncrementalState,
  at: number,
): number {
  const total = state[FIT]! + engagementAt(compiled, state, at);
  return roundScore(clampToScale(compiled, total));
}

/**
 * The integer score of an unrounded one, half away from zero toward +∞ as Math.round does, after snapping
 * to 1e-9: decay factors differ in their last bits between paths (e^x on the hot path, 0.5^x in the
 * ledger, accumulated or per event), and a total of 2.4999999999999996 must round as the 2.5 it is.
 * `+ 0` turns a -0 into 0.
 */
export function roundScore(raw: number): number {
  return Math.round(Math.round(raw * 1e9) / 1e9) + 0;
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
  const values: number[] = state;
  const since = values[LAST_ACTIVITY_AT]!;
  if (since === NEVER || since === at) return;
  const groups = compiled.decayGroups;
  for (let g = 0; g < groups.length; g++) {
    const decay = groups[g]!;
    const value = values[ACC + g]!;
    // An empty group stays empty: skipping it saves the power for most groups of most leads.
    if (value === 0) continue;
    if (decay.kind === "halfLife")
      values[ACC + g] = value * halvingFactor(at - since, decay.halfLifeMs);
    else if (decay.kind === "step" && value > 0) {
      const removed = Math.min(value, stepDeduction(decay, at - since));
      if (removed > 0) {
        values[ACC + g] = value - removed;
        recorder?.deduct(g, since, at, removed);
      }
    }
  }
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
  state[STAGE_AT] = at;
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

/** Whether some stage rule could still move a lead on from `stage` (rules only move forward, or disqualify). */
function stageRulesCanMove(compiled: CompiledModel, stage: Stage): boolean {
  return compiled.canDisqualify || (RANK[stage] ?? -1) < compiled.topStageRuleRank;
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
  if (state.stage === "disqualified" || !stageRulesCanMove(compiled, state.stage)) return;
  const input = compiled.scratch;
  const engagement = engagementAt(compiled, state, at);
  input.traits = traits;
  input.properties = event.properties;
  const fit = state[FIT]!;
  input.fit = fit;
  input.engagement = engagement;
  input.score = roundScore(clampToScale(compiled, fit + engagement));
  input.seenEvents = state.seen;
  const best = bestStageRule(compiled, state.stage);
  if (best !== null) moveStage(state, best.stage, at, best.cause, event, recorder);
}

/** Adds the points of every engagement rule the event matches; false when none matches. */
function applyEngagement(
  compiled: CompiledModel,
  rules: readonly CompiledEngagementRule[],
  state: IncrementalState,
  event: LeadEvent,
  traits: Traits | undefined,
  recorder: StepRecorder | null,
): boolean {
  const at = event.timestamp;
  const properties = event.properties;
  const input = compiled.scratch;
  input.properties = properties;
  input.traits = traits;
  let matched = false;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    if (rule.where !== null && !rule.where(input)) continue;
    if (!matched) {
      advanceTo(compiled, state, at, recorder);
      state[LAST_ACTIVITY_AT] = at;
      matched = true;
    }
    const fixed = rule.fixedPoints;
    const basePoints = Number.isNaN(fixed) ? rule.points(properties) : fixed;
    const points =
      rule.capSlot < 0 ? basePoints : limitPoints(compiled, state, rule, at, basePoints);
    const slot = ACC + rule.decayGroup;
    state[slot] = state[slot]! + points;
    recorder?.hit(rule, event, basePoints, points);
  }
  return matched;
}

/** Sets the bits of the stage rules' event conditions this event meets; false when none is new. */
function markStageEvents(
  compiled: CompiledModel,
  conditions: readonly CompiledStageEvent[],
  state: IncrementalState,
  event: LeadEvent,
  traits: Traits | undefined,
): boolean {
  const input = compiled.scratch;
  input.properties = event.properties;
  input.traits = traits;
  let marked = false;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c]!;
    if ((state.seen & condition.bit) !== 0) continue;
    if (condition.where !== null && !condition.where(input)) continue;
    state.seen |= condition.bit;
    marked = true;
  }
  return marked;
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
  // One lookup finds both the engagement rules and the stage event conditions of this event type.
  const plan = compiled.eventPlans.get(event.type);
  let changed =
    plan !== undefined &&
    plan.rules.length > 0 &&
    applyEngagement(compiled, plan.rules, state, event, traits, recorder);
  if (event.traits !== undefined) {
    state[FIT] = fitOf(compiled, traits);
    changed = true;
  }
  if (event.type === "stage.set") {
    const target = event.properties?.stage;
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
    if (
      plan !== undefined &&
      plan.stageEvents.length > 0 &&
      markStageEvents(compiled, plan.stageEvents, state, event, traits)
    )
      changed = true;
    if (changed && state.identified) advanceStage(compiled, state, event, traits, recorder);
  }
  if (changed) {
    state[LAST_AT] = at;
    state.lastMessageId = event.messageId;
  }
  return changed;
}
