import { Link, useLocation, useSearch } from "wouter";
import { scorePointsOf } from "../../src/api/api-client.ts";
import type { Lead, LeadModelScore } from "../../src/api/api-types.ts";
import type { Formatter } from "../../src/i18n/format.ts";
import { canWriteLeads } from "../../src/permissions.ts";
import { traitLabel } from "../../src/trait-label.ts";
import { BandBadge, GradeBadge, StageBadge } from "../components/badges.tsx";
import { FeedbackPanel } from "../components/feedback-panel.tsx";
import { LedgerTable } from "../components/ledger-table.tsx";
import { ScoreChart } from "../components/score-chart.tsx";
import { StageActions } from "../components/stage-actions.tsx";
import { StageHistory } from "../components/stage-history.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi, useSession } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";

function traitText(value: unknown, fmt: Formatter): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return fmt.decimal(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function Traits({ lead }: { lead: Lead }) {
  const { t, fmt } = useI18n();
  const entries = Object.entries(lead.traits);
  return (
    <section className="card" aria-labelledby="traits-title">
      <h2 id="traits-title">{t("lead.traits")}</h2>
      <dl className="facts">
        {lead.createdAt !== undefined && (
          <div>
            <dt>{t("lead.created")}</dt>
            <dd>{fmt.dateTime(lead.createdAt)}</dd>
          </div>
        )}
        {lead.lastActivityAt && (
          <div>
            <dt>{t("lead.lastActivity")}</dt>
            <dd>{fmt.relative(lead.lastActivityAt, Date.now())}</dd>
          </div>
        )}
        {entries.map(([name, value]) => (
          <div key={name}>
            <dt title={name}>{traitLabel(name)}</dt>
            <dd>{traitText(value, fmt)}</dd>
          </div>
        ))}
      </dl>
      {entries.length === 0 && <p className="muted small">{t("lead.noTraits")}</p>}
    </section>
  );
}

function ModelScore({ score }: { score: LeadModelScore }) {
  const { t, fmt } = useI18n();
  return (
    <dl className="score-summary">
      <div className="score-summary__main">
        <dt>{t("lead.score")}</dt>
        <dd className="score-big">{fmt.integer(score.score)}</dd>
      </div>
      <div>
        <dt>{t("lead.band")}</dt>
        <dd>
          <BandBadge band={score.band} />
        </dd>
      </div>
      <div>
        <dt>{t("lead.grade")}</dt>
        <dd>
          <GradeBadge grade={score.grade} />
        </dd>
      </div>
      <div>
        <dt>{t("lead.stage")}</dt>
        <dd>
          <StageBadge stage={score.stage} />
        </dd>
      </div>
      <div>
        <dt>{t("lead.fit")}</dt>
        <dd>{fmt.points(score.fit)}</dd>
      </div>
      <div>
        <dt>{t("lead.engagement")}</dt>
        <dd>{fmt.points(score.engagement)}</dd>
      </div>
    </dl>
  );
}

function ModelDetail({
  lead,
  modelId,
  onChanged,
}: {
  lead: Lead;
  modelId: string;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { session } = useSession();
  const canWrite = session.status === "signed-in" && canWriteLeads(session.scopes);
  const score = lead.models[modelId];
  const explanation = useApiQuery(`${lead.id}|${modelId}|explain|${score?.score}`, () =>
    api.getExplanation(lead.id, modelId),
  );
  const history = useApiQuery(`${lead.id}|${modelId}|history|${score?.score}`, () =>
    api.getScoreHistory(lead.id, modelId),
  );
  if (score === undefined) return null;
  return (
    <>
      <section className="card" aria-labelledby="score-title">
        <h2 id="score-title" className="visually-hidden">
          {t("lead.score")}
        </h2>
        <ModelScore score={score} />
      </section>
      <section className="card" aria-labelledby="why-title">
        <h2 id="why-title">{t("lead.why")}</h2>
        {explanation.state.status === "loading" && <Loading />}
        {explanation.state.status === "error" && (
          <ErrorState error={explanation.state.error} onRetry={explanation.reload} />
        )}
        {explanation.state.status === "ok" && <LedgerTable explanation={explanation.state.value} />}
      </section>
      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title">{t("lead.chart")}</h2>
        {history.state.status === "loading" && <Loading />}
        {history.state.status === "error" && (
          <ErrorState error={history.state.error} onRetry={history.reload} />
        )}
        {history.state.status === "ok" && (
          <ScoreChart
            points={scorePointsOf(history.state.value)}
            {...(score.scoredAt == null
              ? {}
              : { current: { at: score.scoredAt, score: score.score } })}
          />
        )}
      </section>
      <section className="card" aria-labelledby="stages-title">
        <h2 id="stages-title">{t("lead.stageHistory")}</h2>
        <StageHistory history={score.stageHistory} />
        {canWrite && (
          <>
            <h3 className="section-label">{t("lead.actions")}</h3>
            <StageActions leadId={lead.id} modelId={modelId} onChanged={onChanged} />
          </>
        )}
      </section>
      {canWrite && (
        <section className="card" aria-labelledby="feedback-title">
          <h2 id="feedback-title">{t("lead.feedback")}</h2>
          <FeedbackPanel
            leadId={lead.id}
            modelId={modelId}
            feedback={(lead.feedback ?? []).filter(
              (f) => f.model === undefined || f.model === null || f.model === modelId,
            )}
            onSent={onChanged}
          />
        </section>
      )}
    </>
  );
}

export function LeadPage({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const { state, reload } = useApiQuery(`lead|${id}`, () => api.getLead(id));

  if (state.status === "error") return <ErrorState error={state.error} onRetry={reload} />;
  const lead = state.status === "ok" ? state.value : state.previous;
  if (lead === undefined) return <Loading />;

  const modelIds = Object.keys(lead.models).sort();
  const requested = new URLSearchParams(search).get("model");
  // Without a choice, the model under which the lead scores highest says the most about it.
  const best = [...modelIds].sort(
    (a, b) => (lead.models[b]?.score ?? 0) - (lead.models[a]?.score ?? 0),
  )[0];
  const modelId = requested !== null && modelIds.includes(requested) ? requested : best;
  const title = lead.name || lead.email || lead.userId || t("leads.anonymous");

  return (
    <div className="page">
      <Link href="/" className="back-link">
        ← {t("lead.back")}
      </Link>
      <header className="page__header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {[lead.email !== title ? lead.email : null, lead.company].filter(Boolean).join(" · ")}
          </p>
        </div>
      </header>
      {modelIds.length > 0 && (
        <div className="tabs model-tabs" role="tablist" aria-label={t("lead.models")}>
          {modelIds.map((model) => {
            const standing = lead.models[model];
            return (
              <button
                key={model}
                type="button"
                role="tab"
                className="tabs__tab model-tab"
                aria-selected={model === modelId}
                tabIndex={model === modelId ? 0 : -1}
                onKeyDown={(event) => {
                  const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
                  if (step === 0) return;
                  const next =
                    modelIds[(modelIds.indexOf(model) + step + modelIds.length) % modelIds.length];
                  if (next === undefined) return;
                  navigate(`/leads/${encodeURIComponent(id)}?model=${encodeURIComponent(next)}`, {
                    replace: true,
                  });
                  const tabs = event.currentTarget.parentElement?.querySelectorAll("button");
                  tabs?.[modelIds.indexOf(next)]?.focus();
                }}
                onClick={() =>
                  navigate(`/leads/${encodeURIComponent(id)}?model=${encodeURIComponent(model)}`, {
                    replace: true,
                  })
                }
              >
                <span>{model}</span>
                {standing !== undefined && (
                  <span className="model-tab__score">
                    <strong>{fmt.integer(standing.score)}</strong>{" "}
                    <BandBadge band={standing.band} />
                  </span>
                )}
              </button>
            );
          })}
        </div>
      )}
      <div className="lead-grid">
        {modelId === undefined ? (
          <p className="card muted">{t("lead.noModels")}</p>
        ) : (
          <div role="tabpanel" aria-label={modelId} className="lead-grid__main">
            <ModelDetail lead={lead} modelId={modelId} onChanged={reload} />
          </div>
        )}
        <aside className="lead-grid__side">
          <Traits lead={lead} />
        </aside>
      </div>
    </div>
  );
}
