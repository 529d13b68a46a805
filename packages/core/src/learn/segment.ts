import type { Feature } from "./profile-columns.ts";
import { type ConditionDocument, ruleSlug } from "./to-points.ts";

/** A split of the leads in two by one feature; other features get their own points on each side. */
export interface Segment {
  readonly column: string;
  /** For each level of the splitting feature: does it fall in the "high" side? */
  readonly high: readonly boolean[];
  readonly highWhen: ConditionDocument;
  readonly lowWhen: ConditionDocument;
  readonly highPrefix: string;
  readonly lowPrefix: string;
}

function logLikelihood(rows: number, positives: number): number {
  if (rows === 0 || positives === 0 || positives === rows) return 0;
  const rate = positives / rows;
  return positives * Math.log(rate) + (rows - positives) * Math.log(1 - rate);
}

/**
 * The best two-way split of the strongest feature (maximum likelihood of one conversion rate per
 * side, each side at least `minShare` of rows): a segmented scorecard, as credit scoring uses.
 */
export function chooseSegment(
  feature: Feature,
  levels: Int32Array,
  labels: Uint8Array,
  minShare = 0.05,
): Segment | undefined {
  const real = feature.kind === "numeric" ? feature.edges.length + 1 : feature.levels.length;
  const rows = new Float64Array(real + 2);
  const positives = new Float64Array(real + 2);
  for (let row = 0; row < levels.length; row += 1) {
    rows[levels[row]!]! += 1;
    positives[levels[row]!]! += labels[row]!;
  }
  const order = Array.from({ length: real }, (_, level) => level);
  if (feature.kind === "categorical") {
    order.sort((a, b) => positives[b]! / rows[b]! - positives[a]! / rows[a]!);
  }
  const totalRows = levels.length;
  const totalPositives = labels.reduce((sum, label) => sum + label, 0);
  let best: { cut: number; value: number } | undefined;
  let highRows = 0;
  let highPositives = 0;
  // Walk from the top: numeric bins from the highest down, categories from the best converting down.
  const walk = feature.kind === "numeric" ? [...order].reverse() : order;
  for (let cut = 1; cut < walk.length; cut += 1) {
    highRows += rows[walk[cut - 1]!]!;
    highPositives += positives[walk[cut - 1]!]!;
    if (highRows < totalRows * minShare || totalRows - highRows < totalRows * minShare) continue;
    const value =
      logLikelihood(highRows, highPositives) +
      logLikelihood(totalRows - highRows, totalPositives - highPositives);
    if (best === undefined || value > best.value) best = { cut, value };
  }
  if (best === undefined) return undefined;
  const highLevels = new Set(walk.slice(0, best.cut));
  const high = Array.from({ length: real + 2 }, (_, level) => highLevels.has(level));
  const column = feature.column;
  const highWhen: ConditionDocument =
    feature.kind === "numeric"
      ? { trait: column, gte: feature.edges[real - 1 - best.cut]! }
      : { trait: column, in: [...highLevels].map((level) => feature.levels[level]!) };
  const slug = ruleSlug(column);
  return {
    column,
    high,
    highWhen,
    lowWhen: { not: highWhen },
    highPrefix: `${slug}-high`,
    lowPrefix: `${slug}-low`,
  };
}
