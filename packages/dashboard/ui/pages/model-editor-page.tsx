import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import type { ModelApplyReport, ModelDetail } from "../../src/api/api-types.ts";
import { pluralKey } from "../../src/i18n/plural.ts";
import {
  createDraftStorage,
  normaliseForEditor,
  type StoredDraft,
} from "../../src/model-editor/draft-storage.ts";
import type { Json, JsonPath } from "../../src/model-editor/json-path.ts";
import { validateDraft } from "../../src/model-editor/model-problems.ts";
import { DraftProvider } from "../components/model-editor/draft-context.tsx";
import { EditorTabs } from "../components/model-editor/editor-tabs.tsx";
import { EngagementSection } from "../components/model-editor/engagement-section.tsx";
import {
  BandsSection,
  DecaySection,
  GeneralSection,
} from "../components/model-editor/general-sections.tsx";
import {
  EDITOR_TABS,
  type EditorTab,
  focusField,
  ProblemsSummary,
} from "../components/model-editor/problems-summary.tsx";
import { ReviewPanel } from "../components/model-editor/review-panel.tsx";
import { FitSection, StagesSection } from "../components/model-editor/rule-sections.tsx";
import { SourceView } from "../components/model-editor/source-view.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";

const SAVE_DELAY_MS = 400;
export const draftStorage = createDraftStorage(
  typeof localStorage === "undefined" ? null : localStorage,
);

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

function Editor({
  id,
  published,
  initial,
  onPublished,
}: {
  id: string;
  published: ModelDetail | null;
  initial: Json;
  onPublished: (report: ModelApplyReport) => void;
}) {
  const { t, fmt, locale } = useI18n();
  const search = useSearch();
  const [, navigate] = useLocation();
  const tab = (EDITOR_TABS as readonly string[]).includes(
    new URLSearchParams(search).get("tab") ?? "",
  )
    ? (new URLSearchParams(search).get("tab") as EditorTab)
    : "engagement";
  const [document, setDocument] = useState<Json>(initial);
  // Nothing is written until the user edits: an older draft stays until they choose.
  const [touched, setTouched] = useState(false);
  const problems = useMemo(() => validateDraft(document), [document]);
  const base = published === null ? null : normaliseForEditor(published.document);
  const changed = base === null || !same(base, document);

  useEffect(() => {
    if (!touched) return;
    const timer = setTimeout(() => {
      if (changed)
        draftStorage.save(id, {
          baseVersion: published?.version ?? null,
          document,
          savedAt: Date.now(),
        });
      else draftStorage.discard(id);
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [id, document, changed, published, touched]);

  const select = (next: EditorTab) =>
    navigate(`/models/${encodeURIComponent(id)}?tab=${next}`, { replace: true });
  const show = (next: EditorTab, path: JsonPath) => {
    select(next);
    requestAnimationFrame(() => requestAnimationFrame(() => focusField(path)));
  };
  const name =
    typeof (document as { name?: unknown })?.name === "string"
      ? (document as { name: string }).name
      : id;

  return (
    <DraftProvider
      draft={{
        document,
        problems,
        isNew: published === null,
        update: (change) => {
          setTouched(true);
          setDocument(change);
        },
      }}
    >
      <div className="page model-editor">
        <Link href="/models" className="back-link">
          ← {t("models.back")}
        </Link>
        <header className="page__header">
          <div>
            <h1>{name}</h1>
            <p className="muted">
              <code>{id}</code> ·{" "}
              {published === null
                ? t("editor.notPublished")
                : t("editor.publishedVersion", {
                    version: published.version,
                    date: fmt.dateTime(published.publishedAt),
                  })}
              {changed && published !== null && (
                <span className="badge badge--warning draft-badge">{t("editor.unpublished")}</span>
              )}
            </p>
          </div>
          <div className="button-row">
            {published !== null && (
              <Link href={`/models/${encodeURIComponent(id)}/versions`} className="button">
                {t("models.versions")}
              </Link>
            )}
            {changed && published !== null && (
              <button
                type="button"
                className="button button--ghost"
                onClick={() => {
                  draftStorage.discard(id);
                  setDocument(base);
                }}
              >
                {t("editor.discard")}
              </button>
            )}
          </div>
        </header>
        <ProblemsSummary onShow={show} />
        <EditorTabs tab={tab} onSelect={select} />
        <div
          id="editor-panel"
          role="tabpanel"
          aria-labelledby={`tab-${tab}`}
          className="card editor-panel"
        >
          {tab === "general" && <GeneralSection />}
          {tab === "bands" && <BandsSection />}
          {tab === "fit" && <FitSection />}
          {tab === "engagement" && <EngagementSection />}
          {tab === "decay" && <DecaySection />}
          {tab === "stages" && <StagesSection />}
          {tab === "source" && <SourceView />}
          {tab === "review" && (
            <ReviewPanel modelId={id} published={published} onPublished={onPublished} />
          )}
        </div>
        {tab !== "review" && (
          <section className="editor-bar" aria-label={t("editor.status")}>
            <p className={problems.all.length > 0 ? "field__error" : "muted"} aria-live="polite">
              {problems.all.length > 0
                ? t(pluralKey(locale, "editor.problemCount", problems.all.length), {
                    count: problems.all.length,
                  })
                : changed
                  ? t("editor.readyToReview")
                  : t("editor.noChanges")}
            </p>
            <button
              type="button"
              className="button button--primary"
              onClick={() => select("review")}
            >
              {t("editor.toReview")} →
            </button>
          </section>
        )}
      </div>
    </DraftProvider>
  );
}

/** Loads the published model (or a new model's draft) and the unpublished draft kept in the browser. */
export function ModelEditorPage({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const [loads, setLoads] = useState(0);
  const [published, setPublished] = useState<ModelApplyReport | null>(null);
  const [keepOlderDraft, setKeepOlderDraft] = useState(false);
  const { state, reload } = useApiQuery(`model:${id}:${loads}`, () => api.getModel(id));
  const onPublished = (report: ModelApplyReport) => {
    draftStorage.discard(id);
    setPublished(report);
    setLoads((n) => n + 1);
  };
  if (state.status === "loading") return <Loading />;
  const stored: StoredDraft | null = draftStorage.load(id);
  if (state.status === "error") {
    if (state.error.kind === "not_found" && stored !== null && stored.baseVersion === null) {
      return (
        <Editor
          key="new"
          id={id}
          published={null}
          initial={stored.document}
          onPublished={onPublished}
        />
      );
    }
    if (state.error.kind === "not_found") {
      return (
        <EmptyState
          title={t("models.notFoundTitle")}
          action={
            <Link href="/models" className="button">
              {t("models.back")}
            </Link>
          }
        >
          {t("models.notFoundBody")}
        </EmptyState>
      );
    }
    return <ErrorState error={state.error} onRetry={reload} />;
  }
  const model = state.value;
  const olderDraft = stored !== null && stored.baseVersion !== model.version ? stored : null;
  const initial =
    stored !== null && (stored.baseVersion === model.version || keepOlderDraft)
      ? stored.document
      : normaliseForEditor(model.document);
  return (
    <div className="stack">
      {published !== null && (
        <div className="alert alert--success" role="status">
          {published.retroactive
            ? t("review.publishedRetroactive", {
                version: published.version,
                leads: fmt.integer(published.leadsRescored),
                bands: fmt.integer(published.bandChanges),
                stages: fmt.integer(published.stageChanges),
              })
            : t("review.publishedFromNow", { version: published.version })}{" "}
          <Link href={`/models/${encodeURIComponent(id)}/versions`}>{t("review.seeVersions")}</Link>
          {published.version > 1 && (
            <>
              {" · "}
              <Link
                href={`/evaluation?a=${encodeURIComponent(id)}&b=${encodeURIComponent(`${id}@${published.version - 1}`)}`}
              >
                {t("review.compareInEvaluation", { version: published.version - 1 })}
              </Link>
            </>
          )}
        </div>
      )}
      {olderDraft !== null && !keepOlderDraft && published === null && (
        <div className="alert alert--warning" role="status">
          {t("editor.olderDraft", { base: olderDraft.baseVersion ?? 0, version: model.version })}{" "}
          <button type="button" className="link-button" onClick={() => setKeepOlderDraft(true)}>
            {t("editor.openOlderDraft")}
          </button>
        </div>
      )}
      <Editor
        key={`${model.version}:${keepOlderDraft}`}
        id={id}
        published={model}
        initial={initial}
        onPublished={onPublished}
      />
    </div>
  );
}
