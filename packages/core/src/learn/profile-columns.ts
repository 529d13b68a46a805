import { binEdges, binIndex } from "./bin-numeric.ts";
import type { CellValue } from "./trait-value.ts";

export type Feature =
  | {
      readonly kind: "numeric";
      readonly column: string;
      readonly edges: readonly number[];
      readonly hasMissing: boolean;
    }
  | {
      readonly kind: "categorical";
      readonly column: string;
      /** Levels seen often enough to get their own points. */
      readonly levels: readonly CellValue[];
      /** Rarer levels share one "other" level. */
      readonly hasOther: boolean;
      readonly hasMissing: boolean;
    };

export interface SkippedColumn {
  readonly column: string;
  readonly reason: string;
}

export interface ProfileOptions {
  readonly categorical: ReadonlySet<string>;
  readonly numeric: ReadonlySet<string>;
  readonly maxBins: number;
  readonly minBinRows: number;
  readonly minLevelRows: number;
}

/** Integer codes with few distinct values starting at 1 (browser 1…13, region 1…9) are labels, not amounts. */
function looksLikeCodes(numbers: readonly number[]): boolean {
  const distinct = new Set(numbers);
  if (distinct.size > 20 || distinct.size < 3) return false;
  return numbers.every((value) => Number.isInteger(value) && value >= 1);
}

export function levelCount(feature: Feature): number {
  const missing = feature.hasMissing ? 1 : 0;
  if (feature.kind === "numeric") return feature.edges.length + 1 + missing;
  return feature.levels.length + (feature.hasOther ? 1 : 0) + missing;
}

/** The level of a value within its feature, or -1 when the feature has no level for it. */
export function levelOf(feature: Feature, value: CellValue | undefined): number {
  if (feature.kind === "numeric") {
    if (value === undefined) return feature.hasMissing ? feature.edges.length + 1 : -1;
    if (typeof value !== "number") return -1;
    return binIndex(feature.edges, value);
  }
  if (value === undefined) return feature.hasMissing ? levelCount(feature) - 1 : -1;
  const index = feature.levels.indexOf(value);
  if (index >= 0) return index;
  return feature.hasOther ? feature.levels.length : -1;
}

/** Decides how each column is used: binned number, grouped category, or skipped with a reason. */
export function profileColumn(
  column: string,
  values: readonly (CellValue | undefined)[],
  options: ProfileOptions,
): Feature | SkippedColumn {
  const present = values.filter((value): value is CellValue => value !== undefined);
  const hasMissing = present.length < values.length;
  if (present.length === 0) return { column, reason: "no values" };
  const distinct = new Set(present);
  if (distinct.size === 1 && !hasMissing) return { column, reason: "the same value in every row" };
  const numbers = present.filter((value): value is number => typeof value === "number");
  const allNumbers = numbers.length === present.length;
  const categorical =
    options.categorical.has(column) ||
    (!options.numeric.has(column) && (!allNumbers || looksLikeCodes(numbers)));
  if (!categorical) {
    const sorted = Float64Array.from(numbers).sort();
    return { kind: "numeric", column, edges: binEdges(Array.from(sorted), options), hasMissing };
  }
  if (!allNumbers && distinct.size > Math.max(50, present.length * 0.5)) {
    return { column, reason: "looks like an identifier (almost every value differs)" };
  }
  const counts = new Map<CellValue, number>();
  for (const value of present) counts.set(value, (counts.get(value) ?? 0) + 1);
  const frequent = [...counts]
    .filter(([, count]) => count >= options.minLevelRows)
    .sort((a, b) => b[1] - a[1])
    .map(([value]) => value);
  return {
    kind: "categorical",
    column,
    levels: frequent,
    hasOther: frequent.length < counts.size,
    hasMissing,
  };
}
