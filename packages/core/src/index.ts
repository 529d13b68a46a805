// The public API of @leadscore/core. Other packages import from here only.

export type { ApplyOutcome } from "./engine/apply-event.ts";
export { applyEvent, createIncrementalState, currentScore } from "./engine/apply-event.ts";
export type { CompiledModel } from "./engine/compile-model.ts";
export { compileModel } from "./engine/compile-model.ts";
export type { IncrementalState } from "./engine/incremental-state.ts";
export { NEVER } from "./engine/incremental-state.ts";
export { compareEvents } from "./engine/replay.ts";
export { scoreLead } from "./engine/score-lead.ts";
export { bandFor } from "./engine/step-event.ts";
export * from "./evaluation/index.ts";
export type { GradeSignals } from "./grading/grade-for.ts";
export { gradeFor, isHighIntent, nextGradeChangeAt } from "./grading/grade-for.ts";
export * from "./learn/index.ts";
export type { ConvertedMessage, MessageKind, SegmentMessage } from "./messages/message-to-event.ts";
export { messageToEvent } from "./messages/message-to-event.ts";
export type { ModelChange } from "./model/diff-models.ts";
export { diffModels } from "./model/diff-models.ts";
export type {
  Band,
  Condition,
  Decay,
  EngagementRule,
  EventMatcher,
  FitRule,
  Grading,
  Limit,
  Model,
  Points,
  PredicateOp,
  StageRule,
  Test,
} from "./model/model-types.ts";
export { PREDICATE_OPS } from "./model/model-types.ts";
export { parseDuration } from "./model/parse-duration.ts";
export { parseModel } from "./model/parse-model.ts";
export type { TraitPredicate } from "./model/parse-trait-condition.ts";
export { parseTraitCondition } from "./model/parse-trait-condition.ts";
export { seededRandom } from "./random/seeded-random.ts";
export * from "./types.ts";
