import type { FormEvent } from "react";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import type { ModelSummary } from "../../src/api/api-types.ts";
import { normaliseForEditor } from "../../src/model-editor/draft-storage.ts";
import {
  idFromName,
  MODEL_TEMPLATES,
  type ModelTemplate,
  templateDocument,
} from "../../src/model-editor/model-templates.ts";
import { Modal } from "../components/modal.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";
import { draftStorage } from "./model-editor-page.tsx";

const MODEL_ID = /^[a-z0-9-]+$/;

function NewModelDialog({
  models,
  open,
  onClose,
}: {
  models: readonly ModelSummary[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idTouched, setIdTouched] = useState(false);
  const [start, setStart] = useState<string>("template:b2b");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const shownId = idTouched ? id : idFromName(name);
  const idProblem =
    shownId === ""
      ? null
      : !MODEL_ID.test(shownId)
        ? t("problem.modelId")
        : models.some((m) => m.id === shownId)
          ? t("models.idTaken")
          : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (shownId === "" || idProblem !== null) return;
    setPending(true);
    setError(null);
    let document: unknown;
    if (start.startsWith("template:")) {
      document = templateDocument(
        start.slice("template:".length) as ModelTemplate,
        shownId,
        name.trim() || shownId,
      );
    } else {
      const source = await api.getModel(start.slice("copy:".length));
      if (!source.ok) {
        setPending(false);
        setError(t(`error.${source.error.kind}`));
        return;
      }
      document = {
        ...(normaliseForEditor(source.value.document) as object),
        id: shownId,
        name: name.trim() || shownId,
      };
    }
    draftStorage.save(shownId, { baseVersion: null, document, savedAt: Date.now() });
    setPending(false);
    onClose();
    navigate(`/models/${encodeURIComponent(shownId)}?tab=general`);
  }

  return (
    <Modal open={open} title={t("models.newTitle")} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(event) => void submit(event)}
        aria-label={t("models.newTitle")}
      >
        <label className="field">
          <span className="field__label">{t("editor.name")}</span>
          <input
            value={name}
            required
            onChange={(event) => setName(event.target.value)}
            placeholder={t("models.namePlaceholder")}
          />
        </label>
        <label className="field">
          <span className="field__label">{t("editor.id")}</span>
          <input
            value={shownId}
            required
            spellCheck={false}
            aria-invalid={idProblem === null ? undefined : "true"}
            aria-describedby={idProblem === null ? "new-model-id-hint" : "new-model-id-error"}
            onChange={(event) => {
              setIdTouched(true);
              setId(event.target.value);
            }}
          />
          {idProblem === null ? (
            <span id="new-model-id-hint" className="small muted">
              {t("editor.idHintNew")}
            </span>
          ) : (
            <span id="new-model-id-error" className="field__error">
              {idProblem}
            </span>
          )}
        </label>
        <fieldset className="choices">
          <legend className="field__label">{t("models.startFrom")}</legend>
          {MODEL_TEMPLATES.map((template) => (
            <label key={template} className="choice">
              <input
                type="radio"
                name="start"
                checked={start === `template:${template}`}
                onChange={() => setStart(`template:${template}`)}
              />
              <span>{t(`models.template.${template}`)}</span>
            </label>
          ))}
          {models.map((model) => (
            <label key={model.id} className="choice">
              <input
                type="radio"
                name="start"
                checked={start === `copy:${model.id}`}
                onChange={() => setStart(`copy:${model.id}`)}
              />
              <span>{t("models.copyOf", { model: model.name ?? model.id })}</span>
            </label>
          ))}
        </fieldset>
        {error !== null && <p className="alert alert--error">{error}</p>}
        <div className="button-row button-row--end">
          <button type="button" className="button" onClick={onClose}>
            {t("lead.cancel")}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={pending || shownId === "" || idProblem !== null}
          >
            {t("models.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function ModelsPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { state, reload } = useApiQuery("models", () => api.listModels());
  const [creating, setCreating] = useState(false);
  const models =
    state.status === "ok" ? [...state.value.data].sort((a, b) => a.id.localeCompare(b.id)) : [];
  const now = Date.now();
  const newDrafts =
    state.status === "ok"
      ? draftStorage
          .ids()
          .filter(
            (id) =>
              !models.some((model) => model.id === id) &&
              draftStorage.load(id)?.baseVersion === null,
          )
      : [];
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>{t("models.title")}</h1>
          <p className="muted">{t("models.intro")}</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
          + {t("models.new")}
        </button>
      </header>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === "ok" && newDrafts.length > 0 && (
        <section className="card stack" aria-labelledby="new-drafts-title">
          <h2 id="new-drafts-title">{t("models.newDrafts")}</h2>
          <ul className="plain-list stack">
            {newDrafts.map((id) => (
              <li key={id} className="button-row">
                <Link
                  href={`/models/${encodeURIComponent(id)}?tab=general`}
                  className="lead-link strong"
                >
                  {id}
                </Link>
                <span className="badge badge--warning">{t("editor.notPublished")}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.status === "ok" && models.length === 0 && newDrafts.length === 0 && (
        <EmptyState title={t("models.emptyTitle")}>{t("models.emptyBody")}</EmptyState>
      )}
      {models.length > 0 && (
        <ul className="plain-list model-cards">
          {models.map((model) => {
            const draft = draftStorage.load(model.id);
            return (
              <li key={model.id} className="card model-card">
                <div className="model-card__head">
                  <h2>
                    <Link href={`/models/${encodeURIComponent(model.id)}`} className="lead-link">
                      {model.name ?? model.id}
                    </Link>
                  </h2>
                  {draft !== null && (
                    <span className="badge badge--warning">{t("editor.unpublished")}</span>
                  )}
                </div>
                <p className="muted small">
                  <code>{model.id}</code> ·{" "}
                  {t("models.versionLine", {
                    version: model.version ?? 1,
                    when:
                      model.publishedAt === undefined ? "—" : fmt.relative(model.publishedAt, now),
                  })}
                </p>
                <div className="button-row">
                  <Link href={`/models/${encodeURIComponent(model.id)}`} className="button">
                    {t("models.edit")}
                  </Link>
                  <Link
                    href={`/models/${encodeURIComponent(model.id)}/versions`}
                    className="button button--ghost"
                  >
                    {t("models.versions")}
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <NewModelDialog models={models} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
