import type { LearnReport } from "@leadscore/core";

/** The human summary of a learning run: data, columns used or left out, leaks, figures. */
export function formatLearnSummary(report: LearnReport): string {
  const used = report.columns.filter(
    (column) => column.use === "numeric" || column.use === "categorical",
  );
  const left = report.columns.filter(
    (column) => column.use !== "numeric" && column.use !== "categorical",
  );
  const auc = report.training.auc === null ? "–" : report.training.auc.toFixed(3);
  const lines = [
    `learned "${report.model.id}" from ${report.rows} rows, ${report.positives} positive (${(report.conversion * 100).toFixed(1)}%)`,
    `columns used (${used.length}): ${used.map((column) => `${column.column} [${column.use}]`).join(", ")}`,
    ...left.map((column) => `left out: ${column.column} — ${column.reason ?? column.use}`),
    ...report.leaks
      .filter((leak) => !leak.excluded)
      .map((leak) => `kept although a leak candidate: ${leak.column} — ${leak.reasons.join("; ")}`),
    ...report.warnings.map((warning) => `warning: ${warning}`),
    `${report.model.fit.length} fit rules; bands ${report.model.bands.map((band) => `${band.name} ≥ ${band.from}`).join(", ")}`,
    `on the training rows: AUC ${auc}, lift in the top decile ${report.training.lift10.toFixed(2)} (measure on held-out rows with \`leadscore evaluate\`)`,
  ];
  if (report.rowsWithoutOutcome > 0)
    lines.push(`${report.rowsWithoutOutcome} rows without an outcome were skipped`);
  return `${lines.join("\n")}\n`;
}
