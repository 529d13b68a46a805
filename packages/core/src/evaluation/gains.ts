import type { ScoredOutcome } from "./auc.ts";

export interface DecileRow {
  /** 1 = the tenth of leads with the highest scores. */
  readonly decile: number;
  readonly rows: number;
  /** Expected positives when tied scores straddling a decile edge are split at random. */
  readonly positives: number;
  readonly conversion: number;
  /** Conversion of this decile over the overall conversion. */
  readonly lift: number;
  /** Share of all positives found in deciles 1 … this one. */
  readonly cumulativeGain: number;
  readonly cumulativeLift: number;
  readonly minScore: number;
}

interface TieGroup {
  readonly score: number;
  readonly start: number;
  readonly size: number;
  readonly positives: number;
}

function tieGroupsDescending(rows: readonly ScoredOutcome[]): TieGroup[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const groups: TieGroup[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    let positives = 0;
    while (end < sorted.length && sorted[end]!.score === sorted[start]!.score) {
      if (sorted[end]!.positive) positives += 1;
      end += 1;
    }
    groups.push({ score: sorted[start]!.score, start, size: end - start, positives });
    start = end;
  }
  return groups;
}

/** Expected positives among the first `position` leads by descending score, ties split evenly. */
function positivesBefore(groups: readonly TieGroup[], position: number): number {
  let total = 0;
  for (const group of groups) {
    if (group.start >= position) break;
    const taken = Math.min(group.size, position - group.start);
    total += (group.positives * taken) / group.size;
  }
  return total;
}

function lowestScoreBefore(groups: readonly TieGroup[], position: number): number {
  let score = Number.NaN;
  for (const group of groups) {
    if (group.start >= position) break;
    score = group.score;
  }
  return score;
}

/**
 * Lift and cumulative gains by decile of score (highest first).
 * @example gainsByDecile(rows)[0]?.lift // lift in the top decile
 */
export function gainsByDecile(rows: readonly ScoredOutcome[], parts = 10): DecileRow[] {
  const total = rows.length;
  const groups = tieGroupsDescending(rows);
  const allPositives = groups.reduce((sum, group) => sum + group.positives, 0);
  const baseRate = total === 0 ? 0 : allPositives / total;
  const deciles: DecileRow[] = [];
  let previousEdge = 0;
  let previousPositives = 0;
  for (let decile = 1; decile <= parts; decile += 1) {
    const edge = Math.round((decile * total) / parts);
    const cumulative = positivesBefore(groups, edge);
    const rowsInDecile = edge - previousEdge;
    const positives = cumulative - previousPositives;
    const conversion = rowsInDecile === 0 ? 0 : positives / rowsInDecile;
    const cumulativeConversion = edge === 0 ? 0 : cumulative / edge;
    deciles.push({
      decile,
      rows: rowsInDecile,
      positives,
      conversion,
      lift: baseRate === 0 ? 0 : conversion / baseRate,
      cumulativeGain: allPositives === 0 ? 0 : cumulative / allPositives,
      cumulativeLift: baseRate === 0 ? 0 : cumulativeConversion / baseRate,
      minScore: lowestScoreBefore(groups, edge),
    });
    previousEdge = edge;
    previousPositives = cumulative;
  }
  return deciles;
}
