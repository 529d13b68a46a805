import type { Feature } from "./profile-columns.ts";
import type { CellValue } from "./trait-value.ts";

/** A condition of the model language, as a plain document. */
export type ConditionDocument = Readonly<Record<string, unknown>>;

export interface FitRuleDocument {
  readonly id: string;
  readonly when: ConditionDocument;
  readonly points: number;
}

/** Integer points of every level of one feature (0 for the weakest), optionally within a segment. */
export interface FeaturePoints {
  readonly feature: Feature;
  readonly points: readonly number[];
  /** Rules of this entry apply only to leads matching this condition. */
  readonly segment?: { readonly when: ConditionDocument; readonly idPrefix: string };
}

/** A group of design columns of which every training row activates exactly one. */
export interface DesignBlock {
  readonly size: number;
  readonly offset: number;
  /** Block-local level of every training row. */
  readonly levels: Int32Array;
}

/**
 * Turns fitted coefficients into integer points: each block's weakest level gets 0, and one logit
 * unit is worth `pointsPerLogit`, chosen so that `topQuantile` of training leads fit the scale.
 */
export function toIntegerPoints(
  blocks: readonly DesignBlock[],
  coefficients: Float64Array,
  scaleRange: number,
  topQuantile = 0.995,
): { readonly points: number[][]; readonly pointsPerLogit: number } {
  const deltas = blocks.map((block) => {
    const values = Array.from({ length: block.size }, (_, l) => coefficients[block.offset + l]!);
    const weakest = Math.min(...values);
    return values.map((value) => value - weakest);
  });
  const rows = blocks[0]?.levels.length ?? 0;
  const sums = new Float64Array(rows);
  blocks.forEach((block, b) => {
    for (let row = 0; row < rows; row += 1) sums[row]! += deltas[b]![block.levels[row]!]!;
  });
  sums.sort();
  const top = sums[Math.min(rows - 1, Math.floor(rows * topQuantile))] ?? 0;
  const pointsPerLogit = top > 0 ? scaleRange / top : 1;
  return {
    points: deltas.map((values) => values.map((delta) => Math.round(delta * pointsPerLogit))),
    pointsPerLogit,
  };
}

export const ruleSlug = (column: string) =>
  column
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "column";

function numericRanges(column: string, edges: readonly number[], points: readonly number[]) {
  const conditions: { when: ConditionDocument; points: number }[] = [];
  let start = 0;
  for (let bin = 1; bin <= edges.length + 1; bin += 1) {
    if (bin <= edges.length && points[bin] === points[start]) continue;
    const value = points[start]!;
    if (value !== 0) {
      const low = start === 0 ? undefined : edges[start - 1];
      const high = bin > edges.length ? undefined : edges[bin - 1];
      const parts: ConditionDocument[] = [];
      if (low !== undefined) parts.push({ trait: column, gte: low });
      if (high !== undefined) parts.push({ trait: column, lt: high });
      const when =
        parts.length === 0
          ? { trait: column, exists: true }
          : parts.length === 1
            ? parts[0]!
            : { all: parts };
      conditions.push({ when, points: value });
    }
    start = bin;
  }
  return conditions;
}

function categoryGroups(column: string, levels: readonly CellValue[], points: readonly number[]) {
  const groups = new Map<number, CellValue[]>();
  levels.forEach((level, index) => {
    const value = points[index]!;
    if (value === 0) return;
    groups.set(value, [...(groups.get(value) ?? []), level]);
  });
  return [...groups]
    .sort((a, b) => b[0] - a[0])
    .map(([value, members]) => ({
      when: (members.length === 1
        ? { trait: column, eq: members[0] }
        : { trait: column, in: members }) as ConditionDocument,
      points: value,
    }));
}

/** The fit rules of a learned model: one per run of bins or group of categories with the same points. */
export function toFitRules(table: readonly FeaturePoints[]): FitRuleDocument[] {
  const rules: FitRuleDocument[] = [];
  const usedIds = new Set<string>();
  for (const { feature, points, segment } of table) {
    const column = feature.column;
    const conditions =
      feature.kind === "numeric"
        ? numericRanges(column, feature.edges, points)
        : categoryGroups(column, feature.levels, points);
    let next = feature.kind === "numeric" ? feature.edges.length + 1 : feature.levels.length;
    if (feature.kind === "categorical" && feature.hasOther) {
      const value = points[next]!;
      const when = {
        all: [
          { trait: column, exists: true },
          { trait: column, notIn: feature.levels },
        ],
      };
      if (value !== 0) conditions.push({ when, points: value });
      next += 1;
    }
    if (feature.hasMissing && points[next] !== 0) {
      conditions.push({ when: { not: { trait: column, exists: true } }, points: points[next]! });
    }
    let base = segment === undefined ? ruleSlug(column) : `${segment.idPrefix}-${ruleSlug(column)}`;
    while (usedIds.has(`${base}-1`)) base = `${base}-x`;
    conditions.forEach((condition, index) => {
      const id = `${base}-${index + 1}`;
      usedIds.add(id);
      const when = segment === undefined ? condition.when : { all: [segment.when, condition.when] };
      rules.push({ id, when, points: condition.points });
    });
  }
  return rules;
}
