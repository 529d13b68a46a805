// The one place the service calls the scoring core; everything else speaks LeadHistory, LeadModelState
// and the opaque hot-path state.
import type {
  Grade,
  GradeSignals,
  IncrementalState,
  LeadEvent,
  LeadHistory,
  LeadModelState,
  ModelProblem,
  Result,
  Stage,
  Traits,
} from "@leadscore/core";
import {
  applyEvent,
  compileModel,
  createIncrementalState,
  currentScore,
  gradeFor,
  isHighIntent,
  nextGradeChangeAt,
  parseModel,
  scoreLead,
} from "@leadscore/core";

/** A lead's state under one model on the hot path; only this module looks inside. */
export type ModelState = IncrementalState;

export interface CurrentScore {
  readonly score: number;
  readonly band: string;
  readonly stage: Stage;
}

export interface ScoringModel {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** The document as published (JSON form). */
  readonly document: unknown;
  /** How long a page view or presence heartbeat keeps a lead on the site. */
  readonly presenceMs: number;
  /** Full replay with the ledger and stage history (explanations, lead pages, checks). */
  score(history: LeadHistory, at: number): LeadModelState;
  /** Hot path: the state after the whole history (sorted or not). */
  createState(history: LeadHistory): ModelState;
  /** Hot path: apply one event in place; `replay` when it arrived late and the state must be rebuilt. */
  apply(state: ModelState, event: LeadEvent, traits: Traits): "applied" | "replay";
  /** Score, band and stage of a hot-path state at `at` (decay measured to `at`), without replay. */
  current(state: ModelState, at: number): CurrentScore;
  isHighIntent(event: LeadEvent): boolean;
  grade(signals: GradeSignals, at: number): Grade;
  /** When `grade` may next answer differently by time alone, or null. */
  nextGradeChangeAt(signals: GradeSignals, at: number): number | null;
}

export function compileScoringModel(
  document: unknown,
  version: number,
): Result<ScoringModel, readonly ModelProblem[]> {
  const parsed = parseModel(document);
  if (!parsed.ok) return parsed;
  const model = parsed.value;
  const compiled = compileModel(model);
  return {
    ok: true,
    value: {
      id: model.id,
      name: model.name,
      version,
      document,
      presenceMs: model.grading.presenceMs,
      score: (history, at) => scoreLead(compiled, history, at),
      createState: (history) => createIncrementalState(compiled, history),
      apply: (state, event, traits) =>
        applyEvent(compiled, state, event, traits).kind === "needs-replay" ? "replay" : "applied",
      current: (state, at) => currentScore(compiled, state, at),
      isHighIntent: (event) => isHighIntent(compiled, event),
      grade: (signals, at) => gradeFor(model, signals, at),
      nextGradeChangeAt: (signals, at) => nextGradeChangeAt(model, signals, at),
    },
  };
}
