import { fitLogistic, type LogisticFit } from "./logistic-regression.ts";
import { buildPenalty, type PenaltyWeights } from "./penalty.ts";
import { type Feature, levelCount } from "./profile-columns.ts";
import { chooseSegment, type Segment } from "./segment.ts";
import { type DesignBlock, type FeaturePoints, toIntegerPoints } from "./to-points.ts";

export interface FitPointsOptions extends PenaltyWeights {
  readonly segment: boolean;
  /** Column to split by instead of the strongest one. */
  readonly segmentBy?: string;
  readonly scaleRange: number;
}

export interface FittedPoints {
  readonly table: FeaturePoints[];
  /** Unclamped integer score of every training row. */
  readonly scores: number[];
  readonly fit: LogisticFit;
  readonly pointsPerLogit: number;
}

/** Fits the penalised regression over one-hot levels and rounds it to integer points per level. */
export function fitPoints(
  features: readonly Feature[],
  trainingLevels: readonly Int32Array[],
  labels: Uint8Array,
  options: FitPointsOptions,
): FittedPoints {
  const chosen = features.findIndex((feature) => feature.column === options.segmentBy);
  if (!options.segment || features.length < 2) {
    return fitWithSegment(features, trainingLevels, labels, options, -1, undefined);
  }
  if (chosen >= 0) {
    const segment = chooseSegment(features[chosen]!, trainingLevels[chosen]!, labels);
    return fitWithSegment(features, trainingLevels, labels, options, chosen, segment);
  }
  const base = fitWithSegment(features, trainingLevels, labels, options, -1, undefined);
  const best = strongestInteraction(features, trainingLevels, labels, base.fit, options.ridge);
  if (best === undefined) return base;
  return fitWithSegment(features, trainingLevels, labels, options, best.index, best.segment);
}

/**
 * Picks the split whose interactions the unsegmented model misses most, by a score test: for every
 * level of every other feature on the split's high side, the squared sum of residuals over its weight.
 */
function strongestInteraction(
  features: readonly Feature[],
  trainingLevels: readonly Int32Array[],
  labels: Uint8Array,
  base: LogisticFit,
  ridge: number,
): { index: number; segment: Segment } | undefined {
  const rows = labels.length;
  const residuals = new Float64Array(rows);
  const weights = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const eta = base.linearPredictor[row]!;
    const p = 1 / (1 + Math.exp(-eta));
    residuals[row] = labels[row]! - p;
    weights[row] = p * (1 - p);
  }
  let best: { index: number; segment: Segment; statistic: number } | undefined;
  features.forEach((feature, g) => {
    const segment = chooseSegment(feature, trainingLevels[g]!, labels);
    if (segment === undefined) return;
    const split = trainingLevels[g]!;
    let statistic = 0;
    features.forEach((other, f) => {
      if (f === g) return;
      const count = levelCount(other);
      const sums = new Float64Array(count);
      const information = new Float64Array(count);
      const levels = trainingLevels[f]!;
      for (let row = 0; row < rows; row += 1) {
        if (!segment.high[split[row]!]) continue;
        sums[levels[row]!]! += residuals[row]!;
        information[levels[row]!]! += weights[row]!;
      }
      for (let level = 0; level < count; level += 1) {
        statistic += sums[level]! ** 2 / (information[level]! + ridge);
      }
    });
    if (best === undefined || statistic > best.statistic) best = { index: g, segment, statistic };
  });
  return best;
}

function fitWithSegment(
  features: readonly Feature[],
  trainingLevels: readonly Int32Array[],
  labels: Uint8Array,
  options: FitPointsOptions,
  strongest: number,
  segment: Segment | undefined,
): FittedPoints {
  const splitLevels = segment === undefined ? undefined : trainingLevels[strongest]!;
  const rows = labels.length;
  const blocks: (DesignBlock & { feature: Feature; copies: number })[] = [];
  let size = 1;
  features.forEach((feature, f) => {
    const count = levelCount(feature);
    const own = trainingLevels[f]!;
    const copies = splitLevels !== undefined && f !== strongest ? 2 : 1;
    const levels =
      copies === 1
        ? own
        : Int32Array.from(
            own,
            (level, row) => (segment!.high[splitLevels![row]!] ? count : 0) + level,
          );
    blocks.push({ feature, copies, offset: size, size: count * copies, levels });
    size += count * copies;
  });
  const active = new Int32Array(rows * blocks.length);
  blocks.forEach((block, b) => {
    for (let row = 0; row < rows; row += 1)
      active[row * blocks.length + b] = block.offset + block.levels[row]!;
  });
  const penalty = buildPenalty(blocks, size, options);
  const fit = fitLogistic({ rows, perRow: blocks.length, active, labels, columns: size }, penalty);
  const { points, pointsPerLogit } = toIntegerPoints(blocks, fit.coefficients, options.scaleRange);
  const scores = Array.from({ length: rows }, (_, row) =>
    blocks.reduce((sum, block, b) => sum + points[b]![block.levels[row]!]!, 0),
  );
  const table: FeaturePoints[] = [];
  blocks.forEach((block, b) => {
    const all = points[b]!;
    if (block.copies === 1 || segment === undefined) {
      table.push({ feature: block.feature, points: all });
      return;
    }
    const count = levelCount(block.feature);
    table.push({
      feature: block.feature,
      points: all.slice(0, count),
      segment: { when: segment.lowWhen, idPrefix: segment.lowPrefix },
    });
    table.push({
      feature: block.feature,
      points: all.slice(count),
      segment: { when: segment.highWhen, idPrefix: segment.highPrefix },
    });
  });
  return { table, scores, fit, pointsPerLogit };
}
