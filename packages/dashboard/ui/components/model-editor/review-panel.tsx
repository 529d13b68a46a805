import { useState } from "react";
import type { ApiError } from "../../../src/api/api-error.ts";
import type {
  Backtest,
  ModelApplyReport,
  ModelDetail,
  ModelDocument,
} from "../../../src/api/api-types.ts";
import { pluralKey } from "../../../src/i18n/plural.ts";
import { describeChanges } from "../../../src/model-editor/describe-changes.ts";
import { defaultBacktestWindow, startOfDay } from "../../../src/reports/periods.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { Modal } from "../modal.tsx";
import { BacktestReport } from "../reports/backtest-report.tsx";
import { type BacktestWindow, BacktestWindowFields } from "../reports/backtest-window-fields.tsx";
import { ErrorState, Loading } from "../states.tsx";
import { ChangesList } from "./changes-list.tsx";
import { useDraft } from "./draft-context.tsx";

type Run<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; value: T; forDocument: string }
  | { status: "error"; error: ApiError };

/** Before publishing: what changed, the impact on today's leads, a backtest, then publish. */
export function ReviewPanel({
  modelId,
  published,
  onPublished,
}: {
  modelId: string;
  published: ModelDetail | null;
  onPublished: (report: ModelApplyReport) => void;
}) {
  const { t, fmt, locale } = useI18n();
  const api = useApi();
  const { document, problems } = useDraft();
  const current = JSON.stringify(document);
  const valid = problems.all.length === 0;
  const changes = published === null ? null : describeChanges(published.document, document);
  const [impact, setImpact] = useState<Run<ModelApplyReport>>({ status: "idle" });
  const [period, setPeriod] = useState<BacktestWindow>(() => defaultBacktestWindow(Date.now()));
  const [backtest, setBacktest] = useState<Run<Backtest>>({ status: "idle" });
  const [retroactive, setRetroactive] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const [publishing, setPublishing] = useState<ApiError | "pending" | null>(null);
  const nextVersion = (published?.version ?? 0) + 1;

  async function previewImpact() {
    setImpact({ status: "loading" });
    const result = await api.previewModel(modelId, document as ModelDocument);
    setImpact(
      result.ok
        ? { status: "ok", value: result.value, forDocument: current }
        : { status: "error", error: result.error },
    );
  }

  async function runBacktest() {
    setBacktest({ status: "loading" });
    const draft = { document: document as ModelDocument };
    const result = await api.backtest({
      models: published === null ? [draft] : [{ id: modelId, version: published.version }, draft],
      cutoff: startOfDay(period.cutoff),
      horizon: period.horizon,
    });
    setBacktest(
      result.ok
        ? { status: "ok", value: result.value, forDocument: current }
        : { status: "error", error: result.error },
    );
  }

  async function publish() {
    setPublishing("pending");
    const result = await api.publishModel(modelId, document as ModelDocument, retroactive);
    if (!result.ok) {
      setPublishing(result.error);
      return;
    }
    setPublishing(null);
    setConfirming(false);
    onPublished(result.value);
  }

  const stale = (run: Run<unknown>) => run.status === "ok" && run.forDocument !== current;

  return (
    <section className="stack review" aria-labelledby="review-title">
      <h2 id="review-title">{t("editor.tab.review")}</h2>

      <div className="card stack">
        <h3>
          {published === null
            ? t("review.newModel")
            : t("review.changesFrom", { version: published.version })}
        </h3>
        {!valid ? (
          <p className="field__error">
            {t(pluralKey(locale, "review.fixFirst", problems.all.length), {
              count: problems.all.length,
            })}
          </p>
        ) : changes === null ? (
          <p className="muted">{t("review.firstVersion")}</p>
        ) : (
          <ChangesList
            changes={changes}
            beforeLabel={t("diff.version", { version: published?.version ?? 0 })}
            afterLabel={t("diff.draft")}
          />
        )}
      </div>

      <div className="card stack">
        <h3>{t("review.impactTitle")}</h3>
        <p className="muted small">{t("review.impactIntro")}</p>
        <div>
          <button
            type="button"
            className="button"
            disabled={!valid || impact.status === "loading"}
            onClick={() => void previewImpact()}
          >
            {impact.status === "loading" ? t("review.previewing") : t("review.preview")}
          </button>
        </div>
        {impact.status === "error" && <ErrorState error={impact.error} />}
        {impact.status === "ok" && (
          <p className={`impact${stale(impact) ? " is-stale" : ""}`} role="status">
            {t("review.impactResult", {
              leads: fmt.integer(impact.value.leadsRescored),
              bands: fmt.integer(impact.value.bandChanges),
              stages: fmt.integer(impact.value.stageChanges),
            })}
            {stale(impact) && <span className="muted small"> {t("review.stale")}</span>}
          </p>
        )}
      </div>

      <div className="card stack">
        <h3>
          {published === null
            ? t("review.backtestAlone")
            : t("review.backtestTitle", { version: published.version })}
        </h3>
        <p className="muted small">{t("review.backtestIntro")}</p>
        <div className="filters">
          <BacktestWindowFields value={period} onChange={setPeriod} />
          <button
            type="button"
            className="button"
            disabled={!valid || backtest.status === "loading"}
            onClick={() => void runBacktest()}
          >
            {backtest.status === "loading" ? t("review.backtesting") : t("review.backtest")}
          </button>
        </div>
        {backtest.status === "loading" && <Loading label={t("review.backtesting")} />}
        {backtest.status === "error" && <ErrorState error={backtest.error} />}
        {backtest.status === "ok" && (
          <div className={stale(backtest) ? "is-stale" : undefined}>
            {stale(backtest) && <p className="muted small">{t("review.stale")}</p>}
            <BacktestReport backtest={backtest.value} compact />
          </div>
        )}
      </div>

      <div className="card card--accent stack">
        <h3>{t("review.publishTitle", { version: nextVersion })}</h3>
        <fieldset className="choices choices--wide">
          <legend className="field__label">{t("review.when")}</legend>
          <label className="choice">
            <input
              type="radio"
              name="publish-mode"
              checked={retroactive}
              onChange={() => setRetroactive(true)}
            />
            <span>
              <span className="strong">{t("review.retroactive")}</span>
              <span className="small muted block">{t("review.retroactiveHint")}</span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="publish-mode"
              checked={!retroactive}
              onChange={() => setRetroactive(false)}
            />
            <span>
              <span className="strong">{t("review.fromNow")}</span>
              <span className="small muted block">{t("review.fromNowHint")}</span>
            </span>
          </label>
        </fieldset>
        <div>
          <button
            type="button"
            className="button button--primary"
            disabled={!valid}
            onClick={() => setConfirming(true)}
          >
            {t("review.publish", { version: nextVersion })}
          </button>
        </div>
      </div>

      <Modal
        open={confirming}
        title={t("review.confirmTitle", { version: nextVersion, model: modelId })}
        onClose={() => setConfirming(false)}
      >
        <p>{retroactive ? t("review.confirmRetroactive") : t("review.confirmFromNow")}</p>
        {publishing !== null && publishing !== "pending" && <ErrorState error={publishing} />}
        <div className="button-row button-row--end">
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t("lead.cancel")}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={publishing === "pending"}
            onClick={() => void publish()}
          >
            {publishing === "pending"
              ? t("review.publishing")
              : t("review.publish", { version: nextVersion })}
          </button>
        </div>
      </Modal>
    </section>
  );
}
