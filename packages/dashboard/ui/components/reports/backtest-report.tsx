import type { Backtest } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import {
  BandConversionChart,
  CalibrationChart,
  GainsChart,
  MqlsChart,
} from "./backtest-charts.tsx";
import { BacktestSummary } from "./backtest-summary.tsx";
import { FeedbackView } from "./feedback-view.tsx";
import { LeadChanges } from "./lead-changes.tsx";

/** Every report of a backtest: one model, or two side by side on the same history. */
export function BacktestReport({
  backtest,
  compact = false,
}: {
  backtest: Backtest;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const empty = backtest.models.every((model) => model.evaluation.rows === 0);
  if (empty) {
    return <p className="muted">{t("report.noLeads")}</p>;
  }
  return (
    <div className="stack report">
      <BacktestSummary backtest={backtest} />
      <div className="report-grid">
        {backtest.models.map((model, index) => (
          <BandConversionChart
            key={`${model.modelId}-${model.version ?? "draft"}`}
            report={model}
            series={index}
          />
        ))}
      </div>
      {!compact && (
        <>
          <div className="report-grid">
            <GainsChart backtest={backtest} />
            <CalibrationChart backtest={backtest} />
          </div>
          <MqlsChart backtest={backtest} />
          <section className="stack" aria-labelledby="feedback-title">
            <h3 id="feedback-title">{t("report.feedbackTitle")}</h3>
            <FeedbackView backtest={backtest} />
          </section>
        </>
      )}
      {backtest.changes !== null && (
        <section className="stack" aria-labelledby="changes-title">
          <h3 id="changes-title">{t("report.changesTitle")}</h3>
          <LeadChanges backtest={backtest} />
        </section>
      )}
    </div>
  );
}
