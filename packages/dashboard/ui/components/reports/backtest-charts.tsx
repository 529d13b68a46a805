import type { Backtest, BacktestModelReport } from "../../../src/api/api-types.ts";
import { niceMax } from "../../../src/reports/chart-scale.ts";
import { createReportFormat } from "../../../src/reports/report-format.ts";
import { useI18n } from "../../i18n-context.tsx";
import { BarChart } from "../charts/bar-chart.tsx";
import { ChartFrame } from "../charts/chart-frame.tsx";
import { DataTable } from "../charts/data-table.tsx";
import { LineChart } from "../charts/line-chart.tsx";
import { modelLabel } from "./report-labels.ts";

/** Cumulative share of conversions found by contacting the top x% of leads: the gains curve. */
export function GainsChart({ backtest }: { backtest: Backtest }) {
  const { t, fmt } = useI18n();
  const models = backtest.models;
  const names = models.map((model) => modelLabel(model, t));
  const top = models.map((model) => model.evaluation.deciles[0]?.cumulativeGain ?? 0);
  const summary = t("chart.gainsSummary", {
    models: names.map((name, i) => `${name}: ${fmt.percent(top[i] ?? 0)}`).join("; "),
  });
  return (
    <ChartFrame
      title={t("chart.gains")}
      summary={summary}
      legend={[
        ...names.map((name, series) => ({ name, series })),
        { name: t("chart.random"), series: 9, dashed: true },
      ]}
      table={
        <DataTable
          rowHeader={t("chart.topShare")}
          columns={names}
          rows={models[0]!.evaluation.deciles.map((row, index) => ({
            key: String(row.decile),
            label: fmt.percent(row.decile / 10),
            cells: models.map((model) =>
              fmt.percent(model.evaluation.deciles[index]?.cumulativeGain ?? 0),
            ),
          }))}
        />
      }
    >
      {({ titleId, descId, title }) => (
        <LineChart
          title={title}
          labelledBy={titleId}
          describedBy={descId}
          xDomain={[0, 1]}
          yDomain={[0, 1]}
          formatX={(v) => fmt.percent(v)}
          formatY={(v) => fmt.percent(v)}
          xLabel={t("chart.leadsContacted")}
          yLabel={t("chart.conversionsFound")}
          series={[
            ...models.map((model, series) => ({
              name: names[series]!,
              series,
              points: [
                { x: 0, y: 0 },
                ...model.evaluation.deciles.map((row) => ({
                  x: row.decile / 10,
                  y: row.cumulativeGain,
                })),
              ],
            })),
            {
              name: t("chart.random"),
              series: 9,
              dashed: true,
              points: [
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ],
            },
          ]}
        />
      )}
    </ChartFrame>
  );
}

/** Conversion per band of one model: each band should convert better than the one below. */
export function BandConversionChart({
  report,
  series,
}: {
  report: BacktestModelReport;
  series: number;
}) {
  const { t, fmt } = useI18n();
  const bands = report.evaluation.bands;
  const percentOrDash = (value: number | null) => (value === null ? "—" : fmt.percent(value));
  const summary = bands
    .map((band) =>
      t("chart.bandLine", {
        band: band.name,
        conversion: percentOrDash(band.conversion),
        leads: fmt.integer(band.rows),
      }),
    )
    .join("; ");
  return (
    <ChartFrame
      title={t("chart.bandConversion", { model: modelLabel(report, t) })}
      summary={summary}
      legend={[]}
      table={
        <DataTable
          rowHeader={t("report.band")}
          columns={[
            t("report.from"),
            t("report.leads"),
            t("report.converted"),
            t("report.conversion"),
            t("report.precision"),
            t("report.recall"),
          ]}
          rows={bands.map((band) => ({
            key: band.name,
            label: band.name,
            cells: [
              fmt.integer(band.from),
              fmt.integer(band.rows),
              fmt.integer(band.positives),
              percentOrDash(band.conversion),
              percentOrDash(band.atOrAbove.precision),
              percentOrDash(band.atOrAbove.recall),
            ],
          }))}
        />
      }
    >
      {({ titleId, descId, title }) => (
        <BarChart
          title={title}
          labelledBy={titleId}
          describedBy={descId}
          seriesCount={1}
          seriesOffset={series}
          yMax={niceMax(
            bands.map((band) => band.conversion ?? 0),
            0.05,
          )}
          formatValue={(v) => fmt.percent(v)}
          groups={bands.map((band) => ({ label: band.name, values: [band.conversion] }))}
        />
      )}
    </ChartFrame>
  );
}

/** Conversion per score range: whether a higher score really means a likelier sale. */
export function CalibrationChart({ backtest }: { backtest: Backtest }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const models = backtest.models;
  const names = models.map((model) => modelLabel(model, t));
  const bins = models[0]!.evaluation.calibration;
  const low = bins[0]?.from ?? 0;
  const high = bins.at(-1)?.to ?? 100;
  const maxConversion = Math.max(
    0.1,
    ...models.flatMap((m) => m.evaluation.calibration.map((bin) => bin.conversion ?? 0)),
  );
  return (
    <ChartFrame
      title={t("chart.calibration")}
      summary={t("chart.calibrationSummary")}
      legend={names.map((name, series) => ({ name, series }))}
      table={
        <DataTable
          rowHeader={t("chart.scoreRange")}
          columns={names.map((name) => t("chart.conversionOf", { model: name }))}
          rows={bins.map((bin, index) => ({
            key: String(bin.from),
            label: `${f.score(bin.from)}–${f.score(bin.to)}`,
            cells: models.map((model) => {
              const own = model.evaluation.calibration[index];
              return own?.conversion == null
                ? "—"
                : `${fmt.percent(own.conversion)} (${fmt.integer(own.rows)})`;
            }),
          }))}
        />
      }
    >
      {({ titleId, descId, title }) => (
        <LineChart
          title={title}
          labelledBy={titleId}
          describedBy={descId}
          xDomain={[low, high]}
          yDomain={[0, Math.min(1, Math.ceil(maxConversion * 10) / 10)]}
          formatX={(v) => f.score(v)}
          formatY={(v) => fmt.percent(v)}
          xLabel={t("chart.score")}
          yLabel={t("report.conversion")}
          series={models.map((model, series) => ({
            name: names[series]!,
            series,
            points: model.evaluation.calibration.map((bin) => ({
              x: (bin.from + bin.to) / 2,
              y: bin.conversion,
            })),
          }))}
        />
      )}
    </ChartFrame>
  );
}

/** MQLs each model would have produced per month (what sales would have had to call). */
export function MqlsChart({ backtest }: { backtest: Backtest }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const models = backtest.models;
  const names = models.map((model) => modelLabel(model, t));
  const months = [...new Set(models.flatMap((m) => m.mqlsPerMonth.map((row) => row.month)))].sort();
  const count = (index: number, month: string) =>
    models[index]!.mqlsPerMonth.find((row) => row.month === month)?.count ?? 0;
  return (
    <ChartFrame
      title={t("chart.mqls")}
      summary={months
        .map(
          (month) =>
            `${f.month(month)}: ${names.map((name, i) => `${name} ${fmt.integer(count(i, month))}`).join(", ")}`,
        )
        .join("; ")}
      legend={names.map((name, series) => ({ name, series }))}
      table={
        <DataTable
          rowHeader={t("chart.month")}
          columns={names}
          rows={months.map((month) => ({
            key: month,
            label: f.month(month),
            cells: names.map((_, i) => fmt.integer(count(i, month))),
          }))}
        />
      }
    >
      {({ titleId, descId, title }) => (
        <BarChart
          title={title}
          labelledBy={titleId}
          describedBy={descId}
          seriesCount={models.length}
          integers
          formatValue={(v) => fmt.integer(v)}
          groups={months.map((month) => ({
            label: f.month(month),
            values: models.map((_, i) => count(i, month)),
          }))}
        />
      )}
    </ChartFrame>
  );
}
