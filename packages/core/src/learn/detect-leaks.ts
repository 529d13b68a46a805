import { auc } from "../evaluation/auc.ts";

export interface LeakWarning {
  readonly column: string;
  readonly reasons: readonly string[];
  /** AUC of the column alone (its levels' conversion as the score). */
  readonly aloneAuc: number | null;
}

// Names of facts usually recorded only once a sale has happened.
const AFTER_SALE_NAME =
  /revenue|won|closed|close_?date|deal|order|purchase|invoice|paid|payment|contract|signed|converted|churn|renewal/i;

export const LEAK_AUC_THRESHOLD = 0.85;

/** AUC of one column alone, scoring each lead by the conversion of its level. */
export function aloneAuc(levels: ArrayLike<number>, labels: Uint8Array): number | null {
  const rows = levels.length;
  const stats = new Map<number, { rows: number; positives: number }>();
  for (let row = 0; row < rows; row += 1) {
    const level = levels[row]!;
    const entry = stats.get(level) ?? { rows: 0, positives: 0 };
    entry.rows += 1;
    entry.positives += labels[row]!;
    stats.set(level, entry);
  }
  const scored = Array.from(levels, (level, row) => {
    const entry = stats.get(level)!;
    return { score: entry.positives / entry.rows, positive: labels[row] === 1 };
  });
  return auc(scored);
}

/**
 * Flags a column as a leak candidate: it predicts the outcome almost alone, its name says it is
 * known only after the sale, or it is filled in almost only for one outcome.
 */
export function detectLeak(
  column: string,
  alone: number | null,
  labels: Uint8Array,
  present: readonly boolean[],
): LeakWarning | undefined {
  const rows = labels.length;
  const reasons: string[] = [];
  if (alone !== null && alone >= LEAK_AUC_THRESHOLD) {
    reasons.push(`predicts the outcome almost alone (AUC ${alone.toFixed(3)} by itself)`);
  }
  if (AFTER_SALE_NAME.test(column))
    reasons.push("its name suggests it is known only after the sale");
  let positives = 0;
  let presentPositives = 0;
  let presentNegatives = 0;
  for (let row = 0; row < rows; row += 1) {
    if (labels[row] === 1) {
      positives += 1;
      if (present[row]) presentPositives += 1;
    } else if (present[row]) presentNegatives += 1;
  }
  const negatives = rows - positives;
  if (positives > 0 && negatives > 0) {
    const positiveShare = presentPositives / positives;
    const negativeShare = presentNegatives / negatives;
    if (Math.abs(positiveShare - negativeShare) >= 0.9) {
      reasons.push("filled in almost only for one outcome");
    }
  }
  return reasons.length === 0 ? undefined : { column, reasons, aloneAuc: alone };
}
