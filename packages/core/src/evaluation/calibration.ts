import type { ScoredOutcome } from "./auc.ts";

export interface CalibrationBin {
  /** Inclusive lower score; `to` is exclusive except for the last bin. */
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number | null;
  readonly meanScore: number | null;
}

/**
 * Conversion per equal-width score bin across the model's scale: how the score maps to outcomes.
 * @example calibration(rows, { min: 0, max: 100 }, 10)
 */
export function calibration(
  rows: readonly ScoredOutcome[],
  scale: { readonly min: number; readonly max: number },
  binCount = 10,
): CalibrationBin[] {
  const width = (scale.max - scale.min) / binCount;
  const counts = Array.from({ length: binCount }, () => ({ rows: 0, positives: 0, scoreSum: 0 }));
  for (const row of rows) {
    const raw = width === 0 ? 0 : Math.floor((row.score - scale.min) / width);
    const index = Math.min(binCount - 1, Math.max(0, raw));
    const bin = counts[index]!;
    bin.rows += 1;
    bin.scoreSum += row.score;
    if (row.positive) bin.positives += 1;
  }
  return counts.map((bin, index) => ({
    from: scale.min + index * width,
    to: scale.min + (index + 1) * width,
    rows: bin.rows,
    positives: bin.positives,
    conversion: bin.rows === 0 ? null : bin.positives / bin.rows,
    meanScore: bin.rows === 0 ? null : bin.scoreSum / bin.rows,
  }));
}
