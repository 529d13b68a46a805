import type { Backtest } from "../../../src/api/api-types.ts";
import { createReportFormat } from "../../../src/reports/report-format.ts";
import { useI18n } from "../../i18n-context.tsx";
import { BarChart } from "../charts/bar-chart.tsx";
import { ChartFrame } from "../charts/chart-frame.tsx";
import { DataTable } from "../charts/data-table.tsx";
import { EmptyState } from "../states.tsx";
import { modelLabel } from "./report-labels.ts";

/** Sales feedback (S21): good and bad fits per band, against the score each model gave at the mark. */
export function FeedbackView({ backtest }: { backtest: Backtest }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const marked = backtest.models.some((model) => model.feedback.marks > 0);
  if (!marked) {
    return (
      <EmptyState title={t("report.feedbackEmptyTitle")}>
        {t("report.feedbackEmptyBody")}
      </EmptyState>
    );
  }
  return (
    <div className="report-grid">
      {backtest.models.map((model, index) => {
        const name = modelLabel(model, t);
        const feedback = model.feedback;
        return (
          <div key={name} className="stack">
            <dl className="facts facts--row">
              <div>
                <dt>{t("report.marks")}</dt>
                <dd>
                  {t("report.marksSplit", {
                    good: fmt.integer(feedback.good),
                    bad: fmt.integer(feedback.bad),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t("report.meanScores")}</dt>
                <dd>
                  {t("report.meanScoresValue", {
                    good: f.score(feedback.meanScoreGood),
                    bad: f.score(feedback.meanScoreBad),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t("report.agreement")}</dt>
                <dd>{f.auc(feedback.agreement)}</dd>
              </div>
            </dl>
            <ChartFrame
              title={t("chart.feedback", { model: name })}
              summary={feedback.bands
                .map((band) =>
                  t("chart.feedbackLine", {
                    band: band.name,
                    good: fmt.integer(band.good),
                    bad: fmt.integer(band.bad),
                  }),
                )
                .join("; ")}
              legend={[
                { name: t("lead.verdict.good_fit"), series: 7 },
                { name: t("lead.verdict.bad_fit"), series: 8 },
              ]}
              table={
                <DataTable
                  rowHeader={t("report.band")}
                  columns={[t("lead.verdict.good_fit"), t("lead.verdict.bad_fit")]}
                  rows={feedback.bands.map((band) => ({
                    key: band.name,
                    label: band.name,
                    cells: [fmt.integer(band.good), fmt.integer(band.bad)],
                  }))}
                />
              }
            >
              {({ titleId, descId, title }) => (
                <BarChart
                  title={title}
                  labelledBy={titleId}
                  describedBy={descId}
                  seriesCount={2}
                  seriesOffset={7}
                  integers
                  formatValue={(v) => fmt.integer(v)}
                  groups={feedback.bands.map((band) => ({
                    label: band.name,
                    values: [band.good, band.bad],
                  }))}
                />
              )}
            </ChartFrame>
            {index === 0 && <p className="small muted">{t("report.agreementHint")}</p>}
          </div>
        );
      })}
    </div>
  );
}
