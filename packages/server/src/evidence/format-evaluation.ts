import type { EvaluationReport } from "@leadscore/core";

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

/** The human summary of an evaluation: headline figures, then one line per band. */
export function formatEvaluation(report: EvaluationReport): string {
  const lines = [
    `rows ${report.rows}, positives ${report.positives} (${percent(report.conversion)})`,
    `AUC ${report.auc === null ? "–" : report.auc.toFixed(3)}, lift in the top decile ${report.lift10.toFixed(2)}`,
    "band        from   rows  conversion  precision≥  recall≥",
    ...report.bands.map(
      (band) =>
        `${band.name.padEnd(10)} ${String(band.from).padStart(5)} ${String(band.rows).padStart(6)}  ${percent(band.conversion).padStart(10)}  ${percent(band.atOrAbove.precision).padStart(10)}  ${percent(band.atOrAbove.recall).padStart(7)}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
