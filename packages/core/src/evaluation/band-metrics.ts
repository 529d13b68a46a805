import type { ScoredOutcome } from "./auc.ts";

export interface BandDefinition {
  readonly name: string;
  readonly from: number;
}

export interface BandRow {
  readonly name: string;
  readonly from: number;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number | null;
  /** Leads at or above this band's threshold, as if the threshold were the cut for sales. */
  readonly atOrAbove: {
    readonly rows: number;
    readonly precision: number | null;
    readonly recall: number | null;
  };
}

/**
 * Conversion per band, and precision/recall when every lead at or above the band is handed over.
 * @example bandMetrics(rows, [{ name: "cold", from: 0 }, { name: "hot", from: 41 }])
 */
export function bandMetrics(
  rows: readonly ScoredOutcome[],
  bands: readonly BandDefinition[],
): BandRow[] {
  const ordered = [...bands].sort((a, b) => a.from - b.from);
  const allPositives = rows.filter((row) => row.positive).length;
  return ordered.map((band, index) => {
    const next = ordered[index + 1];
    const inBand = rows.filter(
      (row) => row.score >= band.from && (next === undefined || row.score < next.from),
    );
    const above = rows.filter((row) => row.score >= band.from);
    const positives = inBand.filter((row) => row.positive).length;
    const truePositives = above.filter((row) => row.positive).length;
    return {
      name: band.name,
      from: band.from,
      rows: inBand.length,
      positives,
      conversion: inBand.length === 0 ? null : positives / inBand.length,
      atOrAbove: {
        rows: above.length,
        precision: above.length === 0 ? null : truePositives / above.length,
        recall: allPositives === 0 ? null : truePositives / allPositives,
      },
    };
  });
}

export interface GroupConversion {
  readonly name: string;
  readonly rows: number;
  readonly positives: number;
  readonly conversion: number;
}

/** Conversion per value of a label such as the stage, in first-seen order of `order`. */
export function conversionBy(
  rows: readonly (ScoredOutcome & { readonly label: string })[],
  order: readonly string[] = [],
): GroupConversion[] {
  const groups = new Map<string, { rows: number; positives: number }>();
  for (const name of order) groups.set(name, { rows: 0, positives: 0 });
  for (const row of rows) {
    const group = groups.get(row.label) ?? { rows: 0, positives: 0 };
    group.rows += 1;
    if (row.positive) group.positives += 1;
    groups.set(row.label, group);
  }
  return [...groups]
    .filter(([, group]) => group.rows > 0)
    .map(([name, group]) => ({
      name,
      rows: group.rows,
      positives: group.positives,
      conversion: group.positives / group.rows,
    }));
}
