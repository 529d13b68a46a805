// Until the core index re-exports evaluation and learn, they are imported by path.
import type { EvaluatedLead, Model } from "@leadscore/core";
import { compileModel, isPositiveOutcome, rowToTraits, scoreLead } from "@leadscore/core";

export interface CsvScoring {
  readonly leads: EvaluatedLead[];
  readonly rowsWithoutOutcome: number;
}

/**
 * Scores every CSV row as an identified lead whose traits are the row's cells (the target column
 * left out), with the engine, so evaluation sees exactly what production would score.
 */
export function scoreCsvRows(
  model: Model,
  rows: readonly Record<string, string>[],
  target: string,
  positive: string | undefined,
): CsvScoring {
  const compiled = compileModel(model);
  const skip = new Set([target]);
  const leads: EvaluatedLead[] = [];
  let rowsWithoutOutcome = 0;
  for (const row of rows) {
    const outcome = isPositiveOutcome(row[target], positive);
    if (outcome === undefined) {
      rowsWithoutOutcome += 1;
      continue;
    }
    const state = scoreLead(
      compiled,
      { traits: rowToTraits(row, skip), identified: true, events: [] },
      0,
    );
    leads.push({ score: state.score, band: state.band, stage: state.stage, positive: outcome });
  }
  return { leads, rowsWithoutOutcome };
}
