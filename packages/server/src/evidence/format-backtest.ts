import type { BacktestReport, LeadChange } from "@leadscore/core";

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

/** The machine-readable summary of one model's backtest (leads are summarised, not listed). */
export function backtestSummary(report: BacktestReport) {
  const { leads: _leads, ...rest } = report;
  return { ...rest, missedWins: report.missedWins.length, missedWinLeadIds: report.missedWins };
}

/** Side-by-side text of one or two backtests over the same history. */
export function formatBacktest(
  reports: readonly BacktestReport[],
  changes: readonly LeadChange[] | undefined,
): string {
  const cell = (text: string) => text.padStart(14);
  const row = (label: string, values: readonly string[]) =>
    `${label.padEnd(28)}${values.map(cell).join("")}`;
  const months = [...new Set(reports.flatMap((report) => Object.keys(report.mqlsPerMonth)))].sort();
  const lines = [
    row(
      "",
      reports.map((report) => report.modelId),
    ),
    row(
      "leads scored at the cutoff",
      reports.map((report) => String(report.evaluation.rows)),
    ),
    row(
      "converted within horizon",
      reports.map((report) => String(report.evaluation.positives)),
    ),
    row(
      "AUC",
      reports.map((report) => report.evaluation.auc?.toFixed(3) ?? "–"),
    ),
    row(
      "lift in the top decile",
      reports.map((report) => report.evaluation.lift10.toFixed(2)),
    ),
    row(
      "won deals below MQL",
      reports.map((report) => String(report.missedWins.length)),
    ),
    ...months.map((month) =>
      row(
        `MQLs ${month}`,
        reports.map((report) => String(report.mqlsPerMonth[month] ?? 0)),
      ),
    ),
  ];
  for (const report of reports) {
    lines.push(`\n${report.modelId}: conversion per band`);
    for (const band of report.evaluation.bands) {
      lines.push(
        `  ${band.name.padEnd(12)} ≥ ${String(band.from).padStart(4)}  ${String(band.rows).padStart(6)} leads  ${percent(band.conversion).padStart(7)}`,
      );
    }
  }
  if (changes !== undefined) {
    const converted = changes.filter((change) => change.positive).length;
    lines.push(`\n${changes.length} leads change band or stage (${converted} of them converted)`);
    for (const change of changes.slice(0, 20)) {
      lines.push(
        `  ${change.leadId}: ${change.from.band}/${change.from.stage} (${change.from.score}) → ${change.to.band}/${change.to.stage} (${change.to.score})${change.positive ? "  converted" : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
