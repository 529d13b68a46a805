import type { Backtest } from "../../../src/api/api-types.ts";
import { createReportFormat } from "../../../src/reports/report-format.ts";
import { useI18n } from "../../i18n-context.tsx";
import { modelLabel } from "./report-labels.ts";

/** The headline figures of one or two models side by side (S18, S19). */
export function BacktestSummary({ backtest }: { backtest: Backtest }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const models = backtest.models;
  const months = [...new Set(models.flatMap((m) => m.mqlsPerMonth.map((row) => row.month)))].sort();
  const rows: [string, string, (index: number) => string][] = [
    ["rows", t("report.leadsScored"), (i) => fmt.integer(models[i]!.evaluation.rows)],
    ["positives", t("report.converted"), (i) => fmt.integer(models[i]!.evaluation.positives)],
    ["conversion", t("report.conversion"), (i) => fmt.percent(models[i]!.evaluation.conversion)],
    ["auc", t("report.auc"), (i) => f.auc(models[i]!.evaluation.auc)],
    ["lift", t("report.lift10"), (i) => f.lift(models[i]!.evaluation.lift10)],
    ["missed", t("report.missedWins"), (i) => fmt.integer(models[i]!.missedWins)],
    ...months.map((month): [string, string, (index: number) => string] => [
      `mql-${month}`,
      t("report.mqlsIn", { month: f.month(month) }),
      (i) => fmt.integer(models[i]!.mqlsPerMonth.find((row) => row.month === month)?.count ?? 0),
    ]),
  ];
  const best = (key: string, values: readonly number[]) => {
    if (models.length < 2 || values[0] === values[1]) return -1;
    const higherIsBetter = key === "auc" || key === "lift";
    if (!higherIsBetter && key !== "missed") return -1;
    const pick = higherIsBetter ? Math.max(...values) : Math.min(...values);
    return values.indexOf(pick);
  };
  const numeric: Record<string, (index: number) => number> = {
    auc: (i) => models[i]!.evaluation.auc ?? 0,
    lift: (i) => models[i]!.evaluation.lift10,
    missed: (i) => models[i]!.missedWins,
  };
  return (
    <div className="table-wrap">
      <table className="table compare-table">
        <caption className="visually-hidden">{t("report.summaryCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("report.metric")}</th>
            {models.map((model) => (
              <th key={modelLabel(model, t)} scope="col" className="num">
                {modelLabel(model, t)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, label, value]) => {
            const read = numeric[key];
            const winner =
              read === undefined
                ? -1
                : best(
                    key,
                    models.map((_, i) => read(i)),
                  );
            return (
              <tr key={key}>
                <th scope="row">{label}</th>
                {models.map((model, index) => (
                  <td
                    key={modelLabel(model, t)}
                    className={`num${winner === index ? " is-better" : ""}`}
                  >
                    {value(index)}
                    {winner === index && (
                      <span className="visually-hidden"> ({t("report.better")})</span>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
