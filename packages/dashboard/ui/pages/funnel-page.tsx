import { useLocation, useSearch } from "wouter";
import type { Funnel } from "../../src/api/api-types.ts";
import {
  dateInputValue,
  PERIOD_PRESETS,
  type Period,
  type PeriodPreset,
  periodBounds,
  presetPeriod,
} from "../../src/reports/periods.ts";
import { createReportFormat } from "../../src/reports/report-format.ts";
import { useStageLabel } from "../components/badges.tsx";
import { DataTable } from "../components/charts/data-table.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";

interface FunnelView {
  readonly model: string;
  readonly preset: PeriodPreset;
  readonly period: Period;
}

function viewFromSearch(
  search: string,
  nowMs: number,
): Omit<FunnelView, "model"> & { model: string } {
  const params = new URLSearchParams(search);
  const preset = (PERIOD_PRESETS as readonly string[]).includes(params.get("period") ?? "")
    ? (params.get("period") as PeriodPreset)
    : "last90";
  const custom = { from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const period =
    preset === "custom" &&
    /^\d{4}-\d{2}-\d{2}$/.test(custom.from) &&
    /^\d{4}-\d{2}-\d{2}$/.test(custom.to)
      ? custom
      : presetPeriod(preset === "custom" ? "last90" : preset, nowMs);
  return { model: params.get("model") ?? "", preset, period };
}

function FunnelSteps({ funnel }: { funnel: Funnel }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const stageLabel = useStageLabel();
  return (
    <ol className="plain-list funnel" aria-label={t("funnel.stepsLabel")}>
      {funnel.steps.map((step, index) => (
        <li key={step.stage} className="funnel__step">
          {index > 0 && (
            <p className="funnel__conversion small">
              ↓{" "}
              {step.conversionFromPrevious === null
                ? "—"
                : fmt.percent(step.conversionFromPrevious)}{" "}
              <span className="muted">{t("funnel.moveOn", { stage: stageLabel(step.stage) })}</span>
            </p>
          )}
          <div className="funnel__row">
            <span className="funnel__label strong">{stageLabel(step.stage)}</span>
            <span className="funnel__bar" aria-hidden="true">
              <span
                style={{
                  width: `${funnel.cohort === 0 ? 0 : Math.max(0.5, (step.reached / funnel.cohort) * 100)}%`,
                }}
              />
            </span>
            <span className="funnel__count">
              <span className="strong">{fmt.integer(step.reached)}</span>{" "}
              <span className="muted small">
                {step.conversionFromCohort === null
                  ? ""
                  : `(${fmt.percent(step.conversionFromCohort)})`}
              </span>
            </span>
          </div>
          <p className="funnel__meta small muted">
            {step.movedOn === 0
              ? t("funnel.stepMetaNoTime", { current: fmt.integer(step.current) })
              : t("funnel.stepMeta", {
                  current: fmt.integer(step.current),
                  median: f.span(step.medianTimeInStageMs),
                  count: fmt.integer(step.movedOn),
                })}
          </p>
        </li>
      ))}
    </ol>
  );
}

function FunnelTable({ funnel }: { funnel: Funnel }) {
  const { t, fmt, locale } = useI18n();
  const f = createReportFormat(locale);
  const stageLabel = useStageLabel();
  const percentOrDash = (value: number | null) => (value === null ? "—" : fmt.percent(value));
  return (
    <div className="table-wrap">
      <DataTable
        caption={t("funnel.tableCaption")}
        rowHeader={t("funnel.stage")}
        columns={[
          t("funnel.reached"),
          t("funnel.ofCohort"),
          t("funnel.fromPrevious"),
          t("funnel.current"),
          t("funnel.medianTime"),
        ]}
        rows={funnel.steps.map((step) => ({
          key: step.stage,
          label: stageLabel(step.stage),
          cells: [
            fmt.integer(step.reached),
            percentOrDash(step.conversionFromCohort),
            percentOrDash(step.conversionFromPrevious),
            fmt.integer(step.current),
            <>
              {f.span(step.medianTimeInStageMs)}
              {step.movedOn > 0 && (
                <span className="muted small"> (n={fmt.integer(step.movedOn)})</span>
              )}
            </>,
          ],
        }))}
      />
    </div>
  );
}

export function FunnelPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const view = viewFromSearch(search, Date.now());
  const models = useApiQuery("models", () => api.listModels());
  const modelIds =
    models.state.status === "ok" ? models.state.value.data.map((m) => m.id).sort() : [];
  const model = view.model || modelIds[0] || "";
  const bounds = periodBounds(view.period);
  const funnel = useApiQuery(`funnel:${model}:${bounds.from}:${bounds.to}`, (signal) =>
    model === ""
      ? Promise.resolve({ ok: true as const, value: null })
      : api.getFunnel({ model, from: bounds.from, to: bounds.to }, signal),
  );
  const change = (next: Partial<FunnelView>) => {
    const merged = { ...view, model, ...next };
    const params = new URLSearchParams({ model: merged.model, period: merged.preset });
    if (merged.preset === "custom") {
      params.set("from", merged.period.from);
      params.set("to", merged.period.to);
    }
    navigate(`/funnel?${params.toString()}`, { replace: true });
  };
  const value =
    funnel.state.status === "ok"
      ? funnel.state.value
      : funnel.state.status === "loading"
        ? funnel.state.previous
        : undefined;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t("funnel.title")}</h1>
          <p className="muted">{t("funnel.intro")}</p>
        </div>
      </header>
      <div className="filters">
        <label className="field field--inline">
          <span className="field__label">{t("leads.model")}</span>
          <select value={model} onChange={(event) => change({ model: event.target.value })}>
            {modelIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t("funnel.period")}</span>
          <select
            value={view.preset}
            onChange={(event) => {
              const preset = event.target.value as PeriodPreset;
              change({
                preset,
                period: preset === "custom" ? view.period : presetPeriod(preset, Date.now()),
              });
            }}
          >
            {PERIOD_PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {t(`funnel.preset.${preset}`)}
              </option>
            ))}
          </select>
        </label>
        {view.preset === "custom" && (
          <>
            <label className="field field--inline">
              <span className="field__label">{t("funnel.from")}</span>
              <input
                type="date"
                value={view.period.from}
                max={view.period.to}
                onChange={(event) =>
                  event.target.value !== "" &&
                  change({ period: { ...view.period, from: event.target.value } })
                }
              />
            </label>
            <label className="field field--inline">
              <span className="field__label">{t("funnel.to")}</span>
              <input
                type="date"
                value={view.period.to}
                min={view.period.from}
                max={dateInputValue(Date.now())}
                onChange={(event) =>
                  event.target.value !== "" &&
                  change({ period: { ...view.period, to: event.target.value } })
                }
              />
            </label>
          </>
        )}
      </div>
      {models.state.status === "error" && (
        <ErrorState error={models.state.error} onRetry={models.reload} />
      )}
      {models.state.status === "ok" && modelIds.length === 0 && (
        <EmptyState title={t("models.emptyTitle")}>{t("models.emptyBody")}</EmptyState>
      )}
      {funnel.state.status === "error" && (
        <ErrorState error={funnel.state.error} onRetry={funnel.reload} />
      )}
      {value === undefined && funnel.state.status === "loading" && <Loading />}
      {value !== undefined && value !== null && (
        <div
          className={funnel.state.status === "loading" ? "is-stale stack" : "stack"}
          aria-busy={funnel.state.status === "loading"}
        >
          <p className="lede" aria-live="polite">
            {t("funnel.summary", {
              cohort: fmt.integer(value.cohort),
              from: fmt.date(periodBounds(view.period).from),
              to: fmt.date(periodBounds(view.period).to - 1),
            })}
          </p>
          {value.cohort === 0 ? (
            <EmptyState title={t("funnel.emptyTitle")}>{t("funnel.emptyBody")}</EmptyState>
          ) : (
            <>
              <dl className="kpis">
                <div className="kpi">
                  <dt>{t("funnel.cohort")}</dt>
                  <dd>{fmt.integer(value.cohort)}</dd>
                </div>
                <div className="kpi">
                  <dt>{t("funnel.won")}</dt>
                  <dd>
                    {fmt.integer(value.won)}{" "}
                    <span className="muted small">({fmt.percent(value.won / value.cohort)})</span>
                  </dd>
                </div>
                <div className="kpi">
                  <dt>{t("funnel.disqualified")}</dt>
                  <dd>{fmt.integer(value.disqualified)}</dd>
                </div>
              </dl>
              <section className="card stack" aria-labelledby="funnel-steps-title">
                <h2 id="funnel-steps-title">{t("funnel.stepsTitle")}</h2>
                <FunnelSteps funnel={value} />
                <p className="small muted">
                  {t("funnel.wonHint", { events: value.outcomeEvents.join(", ") })}
                </p>
              </section>
              <section className="card stack" aria-labelledby="funnel-table-title">
                <h2 id="funnel-table-title">{t("funnel.tableTitle")}</h2>
                <FunnelTable funnel={value} />
              </section>
            </>
          )}
        </div>
      )}
    </div>
  );
}
