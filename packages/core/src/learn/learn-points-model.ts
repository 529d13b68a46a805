import { auc } from "../evaluation/auc.ts";
import { gainsByDecile } from "../evaluation/gains.ts";
import type { Result } from "../types.ts";
import { aloneAuc, detectLeak, type LeakWarning } from "./detect-leaks.ts";
import { fitPoints } from "./fit-points.ts";
import { type Feature, levelCount, levelOf, profileColumn } from "./profile-columns.ts";
import { type ProposedBand, proposeBands } from "./propose-bands.ts";
import { type FitRuleDocument, toFitRules } from "./to-points.ts";
import { type CellValue, isPositiveOutcome, toTraitValue } from "./trait-value.ts";

export interface LearnOptions {
  readonly target: string;
  /** The target value that means "converted"; default true/yes/1/won. */
  readonly positive?: string;
  readonly exclude?: readonly string[];
  /** Leak candidates to keep anyway. */
  readonly include?: readonly string[];
  /** Keep every leak candidate (for measuring, not for production). */
  readonly allowLeaks?: boolean;
  readonly categorical?: readonly string[];
  readonly numeric?: readonly string[];
  readonly scale?: { readonly min: number; readonly max: number };
  readonly id?: string;
  readonly name?: string;
  readonly maxBins?: number;
  readonly ridge?: number;
  readonly smoothing?: number;
  readonly curvature?: number;
  readonly fusion?: number;
  /** Split leads in two by the strongest column and give other columns points per side (default on). */
  readonly segment?: boolean;
  readonly segmentBy?: string;
}

export interface LearnedModelDocument {
  readonly id: string;
  readonly name: string;
  readonly scale: { readonly min: number; readonly max: number };
  readonly bands: readonly ProposedBand[];
  readonly fit: readonly FitRuleDocument[];
  readonly engagement: readonly never[];
  readonly stages: readonly { readonly stage: "mql"; readonly when: ScoreAtLeast }[];
}

type ScoreAtLeast = { readonly score: { readonly gte: number } };

export interface ColumnReport {
  readonly column: string;
  readonly use: "numeric" | "categorical" | "skipped" | "excluded" | "leak";
  readonly reason?: string;
  readonly levels?: number;
  readonly aloneAuc?: number | null;
}

export interface LearnReport {
  readonly rows: number;
  readonly positives: number;
  /** Rows left out because their outcome cell was empty. */
  readonly rowsWithoutOutcome: number;
  readonly conversion: number;
  readonly columns: readonly ColumnReport[];
  readonly leaks: readonly (LeakWarning & { readonly excluded: boolean })[];
  readonly warnings: readonly string[];
  readonly training: {
    readonly auc: number | null;
    readonly lift10: number;
    readonly iterations: number;
    readonly converged: boolean;
    readonly pointsPerLogit: number;
  };
  readonly model: LearnedModelDocument;
}

export interface LearnProblem {
  readonly code: "no-target" | "one-class" | "no-features";
  readonly message: string;
}

type Row = Readonly<Record<string, string | undefined>>;

/**
 * Learns a transparent points model from rows with known outcomes: numbers binned, categories
 * grouped, a penalised logistic regression turned into integer points, bands where conversion changes.
 * @example learnPointsModel(rows, columns, { target: "Converted" })
 */
export function learnPointsModel(
  rows: readonly Row[],
  columns: readonly string[],
  options: LearnOptions,
): Result<LearnReport, LearnProblem> {
  if (!columns.includes(options.target)) {
    return fail("no-target", `there is no column "${options.target}"`);
  }
  const outcomes = rows.map((row) => isPositiveOutcome(row[options.target], options.positive));
  const kept = rows.filter((_, index) => outcomes[index] !== undefined);
  const labels = Uint8Array.from(outcomes.filter((o) => o !== undefined).map((o) => (o ? 1 : 0)));
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives === 0 || positives === kept.length) {
    const hint = options.positive === undefined ? " (set the positive value)" : "";
    return fail("one-class", `the target "${options.target}" has only one outcome${hint}`);
  }
  const minBinRows = Math.max(20, Math.ceil(kept.length * 0.01));
  const profileOptions = {
    categorical: new Set(options.categorical ?? []),
    numeric: new Set(options.numeric ?? []),
    maxBins: options.maxBins ?? 20,
    minBinRows,
    minLevelRows: Math.max(10, Math.ceil(kept.length * 0.005)),
  };
  const excluded = new Set(options.exclude ?? []);
  const included = new Set(options.include ?? []);
  const columnReports: ColumnReport[] = [];
  const leaks: (LeakWarning & { excluded: boolean })[] = [];
  const features: Feature[] = [];
  const trainingLevels: Int32Array[] = [];
  for (const column of columns) {
    if (column === options.target) continue;
    if (excluded.has(column)) {
      columnReports.push({ column, use: "excluded", reason: "excluded by --exclude" });
      continue;
    }
    const values: (CellValue | undefined)[] = kept.map((row) => toTraitValue(row[column]));
    const profile = profileColumn(column, values, profileOptions);
    if (!("kind" in profile)) {
      columnReports.push({ column, use: "skipped", reason: profile.reason });
      continue;
    }
    const levels = Int32Array.from(values, (value) => levelOf(profile, value));
    const present = values.map((value) => value !== undefined);
    const alone = aloneAuc(levels, labels);
    const leak = detectLeak(column, alone, labels, present);
    const keepLeak = options.allowLeaks === true || included.has(column);
    if (leak !== undefined) leaks.push({ ...leak, excluded: !keepLeak });
    if (leak !== undefined && !keepLeak) {
      columnReports.push({
        column,
        use: "leak",
        reason: leak.reasons.join("; "),
        aloneAuc: leak.aloneAuc,
      });
      continue;
    }
    features.push(profile);
    trainingLevels.push(levels);
    columnReports.push({ column, use: profile.kind, levels: levelCount(profile), aloneAuc: alone });
  }
  if (features.length === 0) return fail("no-features", "no column is left to learn from");

  const scale = options.scale ?? { min: 0, max: 100 };
  const model = fitPoints(features, trainingLevels, labels, {
    segment: options.segment !== false,
    ...(options.segmentBy === undefined ? {} : { segmentBy: options.segmentBy }),
    ridge: options.ridge ?? 1,
    smoothing: options.smoothing ?? 10,
    curvature: options.curvature ?? 100,
    fusion: options.fusion ?? 5,
    scaleRange: scale.max - Math.max(scale.min, 0),
  });
  const scores = model.scores.map((sum) => Math.min(scale.max, Math.max(scale.min, sum)));
  const fit = model.fit;
  const pointsPerLogit = model.pointsPerLogit;
  const bands = proposeBands(scores, labels, scale.min);
  const scored = scores.map((score, row) => ({ score, positive: labels[row] === 1 }));
  const hot = bands[bands.length - 1]!;
  const warnings: string[] = [];
  const conversion = positives / kept.length;
  if (conversion < 0.02 || conversion > 0.98) {
    warnings.push(
      `unbalanced outcomes: ${(conversion * 100).toFixed(1)}% positive; read AUC and lift, not accuracy`,
    );
  }
  if (!fit.converged)
    warnings.push("the regression did not converge in 50 steps; treat the points with care");
  return {
    ok: true,
    value: {
      rows: kept.length,
      positives,
      rowsWithoutOutcome: rows.length - kept.length,
      conversion,
      columns: columnReports,
      leaks,
      warnings,
      training: {
        auc: auc(scored),
        lift10: gainsByDecile(scored)[0]?.lift ?? 0,
        iterations: fit.iterations,
        converged: fit.converged,
        pointsPerLogit,
      },
      model: {
        id: options.id ?? "learned",
        name: options.name ?? `Learned from outcomes (${options.target})`,
        scale,
        bands,
        fit: toFitRules(model.table),
        engagement: [],
        stages: bands.length > 1 ? [{ stage: "mql", when: { score: { gte: hot.from } } }] : [],
      },
    },
  };
}

function fail(code: LearnProblem["code"], message: string): Result<LearnReport, LearnProblem> {
  return { ok: false, error: { code, message } };
}
