import { useEffect, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import type { LeadPage, LeadSort, QueueSummary } from "../../src/api/api-types.ts";
import { leadStanding } from "../../src/lead-standing.ts";
import type { CursorTrail, LeadsFilters } from "../../src/leads-filters.ts";
import {
  currentCursor,
  defaultLeadsModel,
  filtersFromSearch,
  firstPage,
  GRADES,
  hasActiveFilters,
  LEAD_SORTS,
  nextPage,
  previousPage,
  searchFromFilters,
} from "../../src/leads-filters.ts";
import { canSee } from "../../src/permissions.ts";
import { BandBadge, GradeBadge, StageBadge, useStageLabel } from "../components/badges.tsx";
import { QueueGlance } from "../components/queue/queue-glance.tsx";
import { EmptyState, ErrorState, Loading, RichText } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi, useSession } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";

const PAGE_SIZE = 50;
const STAGES = ["anonymous", "lead", "mql", "sql", "opportunity", "customer", "disqualified"];
const SEARCH_DELAY_MS = 300;

function BandCounts({
  counts,
  active,
  onPick,
}: {
  counts: Readonly<Record<string, number>>;
  active: string;
  onPick: (band: string) => void;
}) {
  const { t, fmt } = useI18n();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return (
    <section className="band-counts" aria-label={t("leads.bandCounts")}>
      {Object.entries(counts).map(([band, count]) => (
        <button
          key={band}
          type="button"
          className="band-count"
          aria-pressed={active === band}
          aria-label={t("leads.bandCount", { band, count: fmt.integer(count) })}
          onClick={() => onPick(active === band ? "" : band)}
        >
          <BandBadge band={band} />
          <span className="band-count__number">{fmt.integer(count)}</span>
          <span className="band-count__bar" aria-hidden="true">
            <span style={{ width: `${total === 0 ? 0 : (count / total) * 100}%` }} />
          </span>
        </button>
      ))}
    </section>
  );
}

function Filters({
  filters,
  bands,
  models,
  defaultModel,
  onChange,
}: {
  filters: LeadsFilters;
  bands: readonly string[];
  models: readonly string[];
  /** The model shown while the address names none. */
  defaultModel: string;
  onChange: (next: LeadsFilters) => void;
}) {
  const { t } = useI18n();
  const stageLabel = useStageLabel();
  const [query, setQuery] = useState(filters.q);
  const [open, setOpen] = useState(false);
  const active = [filters.model, filters.band, filters.stage, filters.grade].filter(
    (value) => value !== "",
  ).length;

  useEffect(() => setQuery(filters.q), [filters.q]);
  useEffect(() => {
    if (query === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: query }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, filters, onChange]);

  const select = (
    name: "model" | "band" | "stage" | "grade",
    label: string,
    options: readonly string[],
    anyLabel: string,
    optionLabel = (o: string) => o,
  ) => (
    <label className="field field--inline">
      <span className="field__label">{label}</span>
      <select
        value={filters[name]}
        onChange={(event) => onChange({ ...filters, [name]: event.target.value })}
      >
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <search className="filters">
      <label className="field field--grow">
        <span className="field__label">{t("leads.search")}</span>
        <input
          type="search"
          value={query}
          placeholder={t("leads.searchPlaceholder")}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <button
        type="button"
        className="button filters__toggle"
        aria-expanded={open}
        aria-controls="lead-filters-more"
        onClick={() => setOpen(!open)}
      >
        {active === 0 ? t("leads.filters") : t("leads.filtersCount", { count: active })}
      </button>
      <div id="lead-filters-more" className="filters__more" data-open={open}>
        <label className="field field--inline">
          <span className="field__label">{t("leads.model")}</span>
          <select
            value={filters.model || defaultModel}
            onChange={(event) =>
              onChange({
                ...filters,
                model: event.target.value === defaultModel ? "" : event.target.value,
              })
            }
          >
            {models.length === 0 && <option value="">{t("leads.allModels")}</option>}
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
        {select("band", t("leads.band"), bands, t("leads.any"))}
        {select("stage", t("leads.stage"), STAGES, t("leads.any"), stageLabel)}
        {select("grade", t("leads.grade"), GRADES, t("leads.any"))}
        <label className="field field--inline">
          <span className="field__label">{t("leads.sort")}</span>
          <select
            value={filters.sort}
            onChange={(event) => onChange({ ...filters, sort: event.target.value as LeadSort })}
          >
            {LEAD_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`leads.sort.${sort}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </search>
  );
}

function LeadsTable({ page, modelId }: { page: LeadPage; modelId: string }) {
  const { t, fmt } = useI18n();
  const now = Date.now();
  return (
    <div className="table-wrap">
      <table className="table leads-table">
        <thead>
          <tr>
            <th scope="col">{t("leads.col.lead")}</th>
            <th scope="col" className="hide-narrow">
              {t("leads.col.company")}
            </th>
            <th scope="col" className="num">
              {t("leads.col.score")}
            </th>
            <th scope="col">{t("leads.col.band")}</th>
            <th scope="col">{t("leads.col.grade")}</th>
            <th scope="col" className="hide-narrow">
              {t("leads.col.stage")}
            </th>
            <th scope="col" className="hide-narrow">
              {t("leads.col.activity")}
            </th>
          </tr>
        </thead>
        <tbody>
          {page.data.map((lead) => {
            const standing = leadStanding(lead, modelId);
            return (
              <tr key={lead.id}>
                <td>
                  <Link
                    href={`/leads/${encodeURIComponent(lead.id)}${modelId === "" ? "" : `?model=${encodeURIComponent(modelId)}`}`}
                    className="lead-link"
                  >
                    {lead.name || lead.email || lead.userId || t("leads.anonymous")}
                  </Link>
                  {lead.name && lead.email && (
                    <div className="small muted truncate">{lead.email}</div>
                  )}
                </td>
                <td className="hide-narrow">{lead.company ?? "—"}</td>
                <td className="num strong">
                  {standing === undefined ? "—" : fmt.integer(standing.score)}
                </td>
                <td>{standing ? <BandBadge band={standing.band} /> : "—"}</td>
                <td>
                  <GradeBadge grade={standing?.grade} />
                </td>
                <td className="hide-narrow">
                  {standing ? <StageBadge stage={standing.stage} /> : "—"}
                </td>
                <td className="hide-narrow muted">
                  {lead.lastActivityAt ? (
                    <time
                      dateTime={new Date(lead.lastActivityAt).toISOString()}
                      title={fmt.dateTime(lead.lastActivityAt)}
                    >
                      {fmt.relative(lead.lastActivityAt, now)}
                    </time>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface LeadsModels {
  readonly ready: boolean;
  readonly modelIds: readonly string[];
  readonly defaultModel: string;
  /** The queue shown live above the leads: the first this user may work, if any. */
  readonly firstQueue: QueueSummary | undefined;
}

/** The models, and the queues this user may see: the page's default model and its live queue. */
function useLeadsModels(): LeadsModels {
  const api = useApi();
  const { session } = useSession();
  const seesQueues = session.status === "signed-in" && canSee(session.scopes, "queue");
  const models = useApiQuery("models", () => api.listModels());
  const queues = useApiQuery(`queues:${seesQueues}`, async () =>
    seesQueues ? api.listQueues() : { ok: true as const, value: { data: [], has_more: false } },
  );
  const modelIds = models.state.status === "ok" ? models.state.value.data.map((m) => m.id) : [];
  const queueList = queues.state.status === "ok" ? queues.state.value.data : [];
  return {
    // A failed list leaves the choice to the server (its default), rather than holding the page.
    ready: models.state.status !== "loading" && queues.state.status !== "loading",
    modelIds: [...modelIds].sort(),
    defaultModel: defaultLeadsModel(
      modelIds,
      queueList.map((queue) => queue.model),
    ),
    firstQueue: queueList[0],
  };
}

export function LeadsPage() {
  const models = useLeadsModels();
  if (!models.ready) return <Loading />;
  return <LeadsView {...models} />;
}

function LeadsView({ modelIds, defaultModel, firstQueue }: LeadsModels) {
  const { t } = useI18n();
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = filtersFromSearch(search);
  const [trail, setTrail] = useState<{ search: string; trail: CursorTrail }>({
    search,
    trail: firstPage,
  });
  const pages = trail.search === search ? trail.trail : firstPage;
  const cursor = currentCursor(pages);

  const modelId = filters.model || defaultModel;
  const { state, reload } = useApiQuery(`${search}|${modelId}|${cursor ?? ""}`, (signal) =>
    api.listLeads(
      {
        ...filters,
        model: modelId,
        sort: filters.sort,
        limit: PAGE_SIZE,
        ...(cursor === undefined ? {} : { startingAfter: cursor }),
      },
      signal,
    ),
  );

  const changeFilters = (next: LeadsFilters) => {
    const nextSearch = searchFromFilters(next);
    navigate(nextSearch === "" ? "/" : `/?${nextSearch}`, { replace: true });
  };

  const page =
    state.status === "ok" ? state.value : state.status === "loading" ? state.previous : undefined;
  const counts = page?.counts?.bands ?? {};

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("leads.title")}</h1>
        {hasActiveFilters(filters) && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => changeFilters(filtersFromSearch(""))}
          >
            {t("leads.clearFilters")}
          </button>
        )}
      </header>
      {firstQueue !== undefined && <QueueGlance queue={firstQueue} />}
      {Object.keys(counts).length > 0 && (
        <BandCounts
          counts={counts}
          active={filters.band}
          onPick={(band) => changeFilters({ ...filters, band })}
        />
      )}
      <Filters
        filters={filters}
        bands={Object.keys(counts)}
        models={modelIds}
        defaultModel={defaultModel}
        onChange={changeFilters}
      />
      {state.status === "error" && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === "loading" && page === undefined && <Loading />}
      {page !== undefined &&
        page.data.length === 0 &&
        (hasActiveFilters(filters) ? (
          <EmptyState title={t("leads.noMatchTitle")}>{t("leads.noMatchBody")}</EmptyState>
        ) : (
          <EmptyState title={t("leads.emptyTitle")}>
            <RichText text={t("leads.emptyBody")} />
          </EmptyState>
        ))}
      {page !== undefined && page.data.length > 0 && (
        <div
          aria-busy={state.status === "loading"}
          className={state.status === "loading" ? "is-stale" : undefined}
        >
          <LeadsTable page={page} modelId={modelId} />
          <nav className="pager" aria-label={t("leads.pageNumber", { page: pages.cursors.length })}>
            <button
              type="button"
              className="button"
              disabled={pages.cursors.length <= 1}
              onClick={() => setTrail({ search, trail: previousPage(pages) })}
            >
              ← {t("leads.previous")}
            </button>
            <span className="muted">{t("leads.pageNumber", { page: pages.cursors.length })}</span>
            <button
              type="button"
              className="button"
              disabled={!page.has_more || page.next_cursor === null}
              onClick={() =>
                page.next_cursor !== null &&
                setTrail({ search, trail: nextPage(pages, page.next_cursor) })
              }
            >
              {t("leads.next")} →
            </button>
          </nav>
        </div>
      )}
    </div>
  );
}
