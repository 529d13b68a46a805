import { type Feature, levelCount } from "./profile-columns.ts";

export interface PenaltyBlock {
  readonly feature: Feature;
  readonly offset: number;
  /** 2 when the feature has its own levels on each side of a segment. */
  readonly copies: number;
}

export interface PenaltyWeights {
  /** On every level: keeps sparse levels near zero. */
  readonly ridge: number;
  /** On differences of neighbouring bins: keeps number curves smooth. */
  readonly smoothing: number;
  /** On second differences of neighbouring bins: keeps a trend straight, bends only where data insist. */
  readonly curvature: number;
  /** On differences of one level between the two segments: shares strength across them. */
  readonly fusion: number;
}

function addDifference(penalty: Float64Array, size: number, a: number, b: number, weight: number) {
  penalty[a * size + a]! += weight;
  penalty[b * size + b]! += weight;
  penalty[a * size + b]! -= weight;
  penalty[b * size + a]! -= weight;
}

/** Adds weight·(b[a] − 2·b[a+1] + b[a+2])² to the penalty (a P-spline second difference). */
function addCurvature(penalty: Float64Array, size: number, a: number, weight: number) {
  const coefficients = [1, -2, 1];
  for (let i = 0; i < 3; i += 1) {
    for (let j = 0; j < 3; j += 1) {
      penalty[(a + i) * size + a + j]! += weight * coefficients[i]! * coefficients[j]!;
    }
  }
}

/** The penalty matrix P of the regression (the intercept, column 0, is not penalised). */
export function buildPenalty(
  blocks: readonly PenaltyBlock[],
  size: number,
  weights: PenaltyWeights,
): Float64Array {
  const penalty = new Float64Array(size * size);
  for (let i = 1; i < size; i += 1) penalty[i * size + i] = weights.ridge;
  for (const { feature, offset, copies } of blocks) {
    const levels = levelCount(feature);
    for (let copy = 0; copy < copies; copy += 1) {
      const first = offset + copy * levels;
      if (feature.kind === "numeric") {
        for (let bin = 0; bin < feature.edges.length; bin += 1) {
          addDifference(penalty, size, first + bin, first + bin + 1, weights.smoothing);
        }
        for (let bin = 0; bin + 2 <= feature.edges.length; bin += 1) {
          addCurvature(penalty, size, first + bin, weights.curvature);
        }
      }
      if (copy > 0) {
        for (let level = 0; level < levels; level += 1) {
          addDifference(penalty, size, offset + level, first + level, weights.fusion);
        }
      }
    }
  }
  return penalty;
}
