import type { Condition, Decay, Limit, Model, Points } from "../model/model-types.ts";
import type { Stage } from "../types.ts";
import { STAGE_ORDER } from "../types.ts";
import type { CompiledCondition, ConditionInput } from "./compile-condition.ts";
import { compileCondition, traitsOf } from "./compile-condition.ts";
import type { Fields } from "./field-values.ts";
import { readField } from "./field-values.ts";
import { ACC } from "./incremental-state.ts";

export type PointsOf = (fields: Fields) => number;

export interface CompiledFitRule {
  readonly id: string;
  readonly test: CompiledCondition;
  readonly points: PointsOf;
  readonly traits: readonly string[];
}

export interface CompiledEngagementRule {
  readonly id: string;
  readonly index: number;
  readonly where: CompiledCondition | null;
  readonly points: PointsOf;
  /** The points when they do not depend on the event (saves a call per hit), else NaN. */
  readonly fixedPoints: number;
  readonly limit: Limit | null;
  /** Index into the state's cap slots, or -1 when the rule has no limit. */
  readonly capSlot: number;
  /** Index into the model's decay groups (rules sharing one decay share an accumulator). */
  readonly decayGroup: number;
}

export interface CompiledStageRule {
  readonly index: number;
  /** `rule:<index>`, made once so a stage change allocates no string. */
  readonly cause: string;
  readonly stage: Stage;
  readonly test: CompiledCondition;
}

/** A stage condition on events: the lead "has had" such an event since the last manual stage move. */
export interface CompiledStageEvent {
  readonly bit: number;
  readonly where: CompiledCondition | null;
}

/** Everything one event type can touch, found with one lookup per event. */
export interface EventPlan {
  readonly rules: readonly CompiledEngagementRule[];
  readonly stageEvents: readonly CompiledStageEvent[];
}

/** A model compiled to closures: engagement rules are looked up by event type, never scanned. */
export interface CompiledModel {
  readonly model: Model;
  readonly id: string;
  readonly fitRules: readonly CompiledFitRule[];
  readonly engagementRules: readonly CompiledEngagementRule[];
  readonly rulesByEvent: ReadonlyMap<string, readonly CompiledEngagementRule[]>;
  readonly decayGroups: readonly Decay[];
  readonly capSlots: number;
  /** Where a state's cap entries start in its `values` (after the accumulators). */
  readonly capsAt: number;
  readonly stageRules: readonly CompiledStageRule[];
  readonly stageEventsByType: ReadonlyMap<string, readonly CompiledStageEvent[]>;
  /** `rulesByEvent` and `stageEventsByType` merged: the hot path's one lookup per event. */
  readonly eventPlans: ReadonlyMap<string, EventPlan>;
  /** Highest rank (STAGE_ORDER index) a stage rule can move to, -1 without ordered stage rules. */
  readonly topStageRuleRank: number;
  /** Whether a stage rule can disqualify (it applies from any stage but disqualified). */
  readonly canDisqualify: boolean;
  readonly highIntent: ReadonlyMap<string, readonly (CompiledCondition | null)[]>;
  /** Scratch input reused on the hot path; the engine is synchronous, so one per model is enough. */
  readonly scratch: ConditionInput;
}

function countOf(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.length;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value) || 0;
  if (typeof value === "object" && value !== null) return Object.keys(value).length;
  return 0;
}

function compilePoints(points: Points): PointsOf {
  if (points.kind === "fixed") {
    const fixed = points.points;
    return () => fixed;
  }
  const { field, each, max } = points;
  return (fields) => {
    const raw = countOf(readField(fields, field)) * each;
    return max === null ? raw : Math.min(raw, max);
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function compileWhere(where: Condition | null): CompiledCondition | null {
  return where === null ? null : compileCondition(where);
}

/**
 * Compiles a validated model to closures, once per model version.
 * @example const compiled = compileModel(model); scoreLead(compiled, history, Date.now());
 */
export function compileModel(model: Model): CompiledModel {
  const fitRules = model.fit.map((rule) => ({
    id: rule.id,
    test: compileCondition(rule.when),
    points: compilePoints(rule.points),
    traits: traitsOf(rule.when),
  }));

  const decayKeys: string[] = [];
  const decayGroups: Decay[] = [];
  let capSlots = 0;
  const rulesByEvent = new Map<string, CompiledEngagementRule[]>();
  const engagementRules = model.engagement.map((rule, index) => {
    const key = JSON.stringify(rule.decay);
    let decayGroup = decayKeys.indexOf(key);
    if (decayGroup < 0) {
      decayGroup = decayKeys.push(key) - 1;
      decayGroups.push(rule.decay);
    }
    const compiled: CompiledEngagementRule = {
      id: rule.id,
      index,
      where: compileWhere(rule.where),
      points: compilePoints(rule.points),
      fixedPoints: rule.points.kind === "fixed" ? rule.points.points : Number.NaN,
      limit: rule.limit,
      capSlot: rule.limit === null ? -1 : capSlots++,
      decayGroup,
    };
    for (const type of rule.events) pushTo(rulesByEvent, type, compiled);
    return compiled;
  });

  const stageEventsByType = new Map<string, CompiledStageEvent[]>();
  let nextBit = 0;
  const bits = new Map<Condition, number>();
  const eventBit = (condition: Condition): number => {
    const known = bits.get(condition);
    if (known !== undefined) return known;
    const bit = 1 << nextBit++;
    bits.set(condition, bit);
    if (condition.kind === "event") {
      for (const type of condition.types)
        pushTo(stageEventsByType, type, { bit, where: compileWhere(condition.where) });
    }
    return bit;
  };
  const stageRules = model.stages.map((rule, index) => ({
    index,
    cause: `rule:${index}`,
    stage: rule.stage,
    test: compileCondition(rule.when, eventBit),
  }));

  const eventPlans = new Map<string, EventPlan>();
  for (const type of new Set([...rulesByEvent.keys(), ...stageEventsByType.keys()])) {
    eventPlans.set(type, {
      rules: rulesByEvent.get(type) ?? [],
      stageEvents: stageEventsByType.get(type) ?? [],
    });
  }
  const ranks = stageRules.map((rule) => STAGE_ORDER.indexOf(rule.stage as never));

  const highIntent = new Map<string, (CompiledCondition | null)[]>();
  for (const matcher of model.grading.highIntent) {
    for (const type of matcher.types) pushTo(highIntent, type, compileWhere(matcher.where));
  }

  return {
    model,
    id: model.id,
    fitRules,
    engagementRules,
    rulesByEvent,
    decayGroups,
    capSlots,
    capsAt: ACC + decayGroups.length,
    stageRules,
    stageEventsByType,
    eventPlans,
    topStageRuleRank: Math.max(-1, ...ranks),
    canDisqualify: stageRules.some((rule) => rule.stage === "disqualified"),
    highIntent,
    scratch: {
      traits: undefined,
      properties: undefined,
      score: 0,
      fit: 0,
      engagement: 0,
      seenEvents: 0,
    },
  };
}
