import { auc } from "./auc.ts";
import type { BandDefinition } from "./band-metrics.ts";

/** A sales rep's verdict on a lead, with the score the model gave the lead when the mark was made. */
export interface FeedbackMark {
  readonly score: number;
  readonly verdict: "good_fit" | "bad_fit";
}

export interface FeedbackBandRow {
  readonly name: string;
  readonly from: number;
  readonly good: number;
  readonly bad: number;
}

export interface FeedbackReport {
  readonly marks: number;
  readonly good: number;
  readonly bad: number;
  readonly meanScoreGood: number | null;
  readonly meanScoreBad: number | null;
  /**
   * How often a good-fit lead outscores a bad-fit one (ties count one half): the AUC with good fit
   * as the positive class. 1 = the model agrees with sales on every pair; null without both kinds.
   */
  readonly agreement: number | null;
  readonly bands: readonly FeedbackBandRow[];
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Sales feedback against a model's scores (S21): good and bad fits per band, and how well the
 * score separates them.
 * @example feedbackReport([{ score: 60, verdict: "good_fit" }], model.bands).bands
 */
export function feedbackReport(
  marks: readonly FeedbackMark[],
  bands: readonly BandDefinition[],
): FeedbackReport {
  const ordered = [...bands].sort((a, b) => a.from - b.from);
  const rows = ordered.map((band) => ({ name: band.name, from: band.from, good: 0, bad: 0 }));
  for (const mark of marks) {
    let index = 0;
    while (index + 1 < ordered.length && mark.score >= ordered[index + 1]!.from) index += 1;
    const row = rows[index];
    if (row === undefined) continue;
    if (mark.verdict === "good_fit") row.good += 1;
    else row.bad += 1;
  }
  const good = marks.filter((mark) => mark.verdict === "good_fit").map((mark) => mark.score);
  const bad = marks.filter((mark) => mark.verdict === "bad_fit").map((mark) => mark.score);
  return {
    marks: marks.length,
    good: good.length,
    bad: bad.length,
    meanScoreGood: mean(good),
    meanScoreBad: mean(bad),
    agreement: auc(
      marks.map((mark) => ({ score: mark.score, positive: mark.verdict === "good_fit" })),
    ),
    bands: rows,
  };
}
