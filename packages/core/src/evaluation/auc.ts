/** One scored lead with its known outcome. */
export interface ScoredOutcome {
  readonly score: number;
  readonly positive: boolean;
}

/**
 * Area under the ROC curve by the Mann–Whitney U statistic; tied scores count one half.
 * Returns null when either class is empty (the AUC is undefined then).
 * @example auc([{ score: 2, positive: true }, { score: 1, positive: false }]) // 1
 */
export function auc(rows: readonly ScoredOutcome[]): number | null {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSumOfPositives = 0;
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    let groupPositives = 0;
    while (end < sorted.length && sorted[end]!.score === sorted[start]!.score) {
      if (sorted[end]!.positive) groupPositives += 1;
      end += 1;
    }
    // Ranks are 1-based; a tie group shares the mean of the ranks start+1 … end.
    const meanRank = (start + 1 + end) / 2;
    rankSumOfPositives += groupPositives * meanRank;
    positives += groupPositives;
    start = end;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const u = rankSumOfPositives - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
