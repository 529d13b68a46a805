import { STAGE_ORDER } from "../types.ts";
import { auc, type ScoredOutcome } from "./auc.ts";
import {
  type BandDefinition,
  type BandRow,
  bandMetrics,
  conversionBy,
  type GroupConversion,
} from "./band-metrics.ts";
import { type CalibrationBin, calibration } from "./calibration.ts";
import { type DecileRow, gainsByDecile } from "./gains.ts";

/** A lead scored by a model, with the band and stage the model gave it and its known outcome. */
export interface EvaluatedLead extends ScoredOutcome {
  readonly band: string;
  readonly stage: string;
}

export interface EvaluationReport {
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number;
  readonly auc: number | null;
  /** Lift in the top decile of scores. */
  readonly lift10: number;
  readonly bands: readonly BandRow[];
  readonly stages: readonly GroupConversion[];
  readonly deciles: readonly DecileRow[];
  readonly calibration: readonly CalibrationBin[];
}

/**
 * Every metric leadscore reports for a model against known outcomes.
 * @example evaluateScores(leads, model.bands, model.scale).auc
 */
export function evaluateScores(
  leads: readonly EvaluatedLead[],
  bands: readonly BandDefinition[],
  scale: { readonly min: number; readonly max: number },
): EvaluationReport {
  const positives = leads.filter((lead) => lead.positive).length;
  const deciles = gainsByDecile(leads);
  return {
    rows: leads.length,
    positives,
    conversion: leads.length === 0 ? 0 : positives / leads.length,
    auc: auc(leads),
    lift10: deciles[0]?.lift ?? 0,
    bands: bandMetrics(leads, bands),
    stages: conversionBy(
      leads.map((lead) => ({ ...lead, label: lead.stage })),
      [...STAGE_ORDER, "disqualified"],
    ),
    deciles,
    calibration: calibration(leads, scale),
  };
}
