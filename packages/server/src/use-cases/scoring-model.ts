// The one place the service calls the scoring core; everything else speaks LeadHistory and LeadModelState.
import type { Grade, LeadHistory, LeadModelState, ModelProblem, Result } from "@leadscore/core";
import { compileModel, gradeFor, isHighIntent, parseModel, scoreLead } from "@leadscore/core";

export interface ScoringModel {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** The document as published (JSON form). */
  readonly document: unknown;
  score(history: LeadHistory, at: number): LeadModelState;
  /** The real-time grade from the lead's last (high-intent) activity; presence comes later. */
  grade(history: LeadHistory, state: LeadModelState, at: number): Grade;
}

export function compileScoringModel(
  document: unknown,
  version: number,
): Result<ScoringModel, readonly ModelProblem[]> {
  const parsed = parseModel(document);
  if (!parsed.ok) return parsed;
  const compiled = compileModel(parsed.value);
  return {
    ok: true,
    value: {
      id: parsed.value.id,
      name: parsed.value.name,
      version,
      document,
      score: (history, at) => scoreLead(compiled, history, at),
      grade: (history, state, at) => {
        let lastHighIntentAt: number | null = null;
        for (const event of history.events) {
          if (event.timestamp > at) break;
          if (event.type !== "stage.set" && isHighIntent(compiled, event))
            lastHighIntentAt = event.timestamp;
        }
        return gradeFor(
          parsed.value,
          { lastActivityAt: state.lastActivityAt, lastHighIntentAt, presentUntil: null },
          at,
        );
      },
    },
  };
}
