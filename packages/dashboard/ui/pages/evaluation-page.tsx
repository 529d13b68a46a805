import { useLocation, useSearch } from "wouter";
import type { ModelRef } from "../../src/api/api-types.ts";
import {
  dateInputValue,
  defaultBacktestWindow,
  HORIZONS,
  startOfDay,
} from "../../src/reports/periods.ts";
import { BacktestReport } from "../components/reports/backtest-report.tsx";
import { BacktestWindowFields } from "../components/reports/backtest-window-fields.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";

interface Choice {
  /** `saas-main` (the published version) or `saas-main@2`. */
  readonly value: string;
  readonly label: string;
}

/** `b` when the address names nothing: the version before the one shown, when there is one. */
const NONE = "none";

function refOf(value: string): ModelRef | null {
  if (value === "" || value === NONE) return null;
  const [id, version] = value.split("@");
  return version === undefined ? { id: id ?? "" } : { id: id ?? "", version: Number(version) };
}

interface EvaluationView {
  readonly a: string;
  readonly b: string;
  readonly cutoff: string;
  readonly horizon: string;
}

function viewFromSearch(search: string, nowMs: number): EvaluationView {
  const params = new URLSearchParams(search);
  const defaults = defaultBacktestWindow(nowMs);
  const cutoff = params.get("cutoff") ?? "";
  const horizon = params.get("horizon") ?? "";
  return {
    a: params.get("a") ?? "",
    b: params.get("b") ?? "",
    cutoff:
      /^\d{4}-\d{2}-\d{2}$/.test(cutoff) && cutoff <= dateInputValue(nowMs)
        ? cutoff
        : defaults.cutoff,
    horizon: (HORIZONS as readonly string[]).includes(horizon) ? horizon : defaults.horizon,
  };
}

/** The evidence reports over the stored history: one model, or two side by side (S18, S19, S21). */
export function EvaluationPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const view = viewFromSearch(search, Date.now());
  const choices = useApiQuery("evaluation-choices", async () => {
    const models = await api.listModels();
    if (!models.ok) return models;
    const ids = models.value.data.map((model) => model.id).sort();
    const versions = await Promise.all(ids.map((id) => api.listModelVersions(id)));
    const list: Choice[] = [];
    ids.forEach((id, index) => {
      list.push({ value: id, label: t("evaluation.current", { model: id }) });
      const found = versions[index];
      const older = found?.ok
        ? [...found.value.data].sort((x, y) => y.version - x.version).slice(1)
        : [];
      for (const version of older) {
        list.push({
          value: `${id}@${version.version}`,
          label: t("report.modelVersion", { model: id, version: version.version }),
        });
      }
    });
    return { ok: true as const, value: list };
  });
  const list = choices.state.status === "ok" ? choices.state.value : [];
  const a = view.a || list[0]?.value || "";
  const previous = list.find((choice) => choice.value.startsWith(`${a}@`))?.value ?? NONE;
  const b = view.b === "" ? previous : view.b;
  const refs = [refOf(a), refOf(b)].filter((ref): ref is ModelRef => ref !== null);
  const key = JSON.stringify([refs, view.cutoff, view.horizon]);
  const report = useApiQuery(`backtest:${key}`, (signal) =>
    refs.length === 0
      ? Promise.resolve({ ok: true as const, value: null })
      : api.backtest(
          { models: refs, cutoff: startOfDay(view.cutoff), horizon: view.horizon },
          signal,
        ),
  );
  const change = (next: Partial<EvaluationView>) => {
    const merged = { ...view, a, ...next };
    const params = new URLSearchParams({
      a: merged.a,
      cutoff: merged.cutoff,
      horizon: merged.horizon,
    });
    if (merged.b !== "") params.set("b", merged.b);
    navigate(`/evaluation?${params.toString()}`, { replace: true });
  };
  const value =
    report.state.status === "ok"
      ? report.state.value
      : report.state.status === "loading"
        ? report.state.previous
        : undefined;
  const horizonEnd =
    startOfDay(view.cutoff) + (Number.parseInt(view.horizon, 10) || 0) * 86_400_000;

  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t("evaluation.title")}</h1>
          <p className="muted">{t("evaluation.intro")}</p>
        </div>
      </header>
      <div className="filters">
        <label className="field field--inline">
          <span className="field__label">{t("evaluation.model")}</span>
          <select value={a} onChange={(event) => change({ a: event.target.value })}>
            {list.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t("evaluation.compareWith")}</span>
          <select value={b} onChange={(event) => change({ b: event.target.value })}>
            <option value={NONE}>{t("evaluation.nothing")}</option>
            {list
              .filter((choice) => choice.value !== a)
              .map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
          </select>
        </label>
        <BacktestWindowFields
          value={{ cutoff: view.cutoff, horizon: view.horizon }}
          onChange={(next) => change(next)}
        />
      </div>
      <p className="small muted">
        {t("evaluation.window", {
          cutoff: fmt.date(startOfDay(view.cutoff)),
          end: fmt.date(horizonEnd),
        })}
        {horizonEnd > Date.now() && (
          <span className="warning-text"> {t("evaluation.horizonOpen")}</span>
        )}
      </p>
      {choices.state.status === "error" && (
        <ErrorState error={choices.state.error} onRetry={choices.reload} />
      )}
      {choices.state.status === "ok" && list.length === 0 && (
        <EmptyState title={t("models.emptyTitle")}>{t("models.emptyBody")}</EmptyState>
      )}
      {report.state.status === "error" && (
        <ErrorState error={report.state.error} onRetry={report.reload} />
      )}
      {value === undefined && report.state.status === "loading" && (
        <Loading label={t("review.backtesting")} />
      )}
      {value !== undefined && value !== null && (
        <div
          className={report.state.status === "loading" ? "is-stale" : undefined}
          aria-busy={report.state.status === "loading"}
        >
          <BacktestReport backtest={value} />
        </div>
      )}
    </div>
  );
}
