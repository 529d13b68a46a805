import type { Stage } from "../types.ts";

/** Predicate operators of the model language; a bare value means `eq`. */
export const PREDICATE_OPS = [
  "eq",
  "ne",
  "in",
  "notIn",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "startsWith",
  "matches",
  "exists",
] as const;
export type PredicateOp = (typeof PREDICATE_OPS)[number];

/** One operator test on a value; a `matches` test carries its source pattern (compiled case-insensitive). */
export interface Test {
  readonly op: PredicateOp;
  readonly value: unknown;
}

/** Normalised condition tree. Several tests on one subject are all required. */
export type Condition =
  | { readonly kind: "all"; readonly of: readonly Condition[] }
  | { readonly kind: "any"; readonly of: readonly Condition[] }
  | { readonly kind: "not"; readonly of: Condition }
  | { readonly kind: "trait"; readonly name: string; readonly tests: readonly Test[] }
  | { readonly kind: "property"; readonly name: string; readonly tests: readonly Test[] }
  | {
      readonly kind: "metric";
      readonly metric: "score" | "fit" | "engagement";
      readonly tests: readonly Test[];
    }
  | {
      readonly kind: "event";
      readonly types: readonly string[];
      readonly where: Condition | null;
    };

/** Points of a rule: a constant, or so much per collected item (S7), capped at `max`. */
export type Points =
  | { readonly kind: "fixed"; readonly points: number }
  | {
      readonly kind: "per";
      readonly field: string;
      readonly each: number;
      readonly max: number | null;
    };

export type Decay =
  | { readonly kind: "none" }
  | { readonly kind: "halfLife"; readonly halfLifeMs: number }
  | {
      readonly kind: "step";
      readonly inactiveForMs: number;
      readonly everyMs: number;
      readonly subtract: number;
    };

/** A cap on one rule. `perMs` null means over the lead's whole life. */
export interface Limit {
  readonly times: number | null;
  readonly points: number | null;
  readonly perMs: number | null;
}

export interface FitRule {
  readonly id: string;
  readonly when: Condition;
  readonly points: Points;
}

export interface EngagementRule {
  readonly id: string;
  /** Event types this rule listens to. */
  readonly events: readonly string[];
  /** Conditions on the event's properties (and traits), or null. */
  readonly where: Condition | null;
  readonly points: Points;
  readonly limit: Limit | null;
  /** The model's decay unless the rule overrides it. */
  readonly decay: Decay;
}

export interface StageRule {
  readonly stage: Stage;
  readonly when: Condition;
}

export interface Band {
  readonly name: string;
  readonly from: number;
}

/** An event matcher for grading's high-intent list. */
export interface EventMatcher {
  readonly types: readonly string[];
  readonly where: Condition | null;
}

export interface Grading {
  readonly aMs: number;
  readonly bMs: number;
  readonly cMs: number;
  /** A lead is on the site until this long after its last page view or presence heartbeat. */
  readonly presenceMs: number;
  /** Empty means every event counts as high intent. */
  readonly highIntent: readonly EventMatcher[];
}

/** A validated, normalised model: durations in ms, defaults filled, bands ascending. */
export interface Model {
  readonly id: string;
  readonly name: string;
  readonly scale: { readonly min: number; readonly max: number };
  readonly bands: readonly Band[];
  readonly fit: readonly FitRule[];
  readonly engagement: readonly EngagementRule[];
  readonly decay: Decay;
  readonly stages: readonly StageRule[];
  readonly grading: Grading;
}
