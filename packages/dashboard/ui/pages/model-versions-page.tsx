import { useState } from "react";
import { Link, useLocation } from "wouter";
import { describeChanges } from "../../src/model-editor/describe-changes.ts";
import { normaliseForEditor } from "../../src/model-editor/draft-storage.ts";
import { ChangesList } from "../components/model-editor/changes-list.tsx";
import { EmptyState, ErrorState, Loading } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { useApiQuery } from "../use-api-query.ts";
import { draftStorage } from "./model-editor-page.tsx";

function VersionDiff({ id, from, to }: { id: string; from: number; to: number }) {
  const { t } = useI18n();
  const api = useApi();
  const { state, reload } = useApiQuery(`diff:${id}:${from}:${to}`, async () => {
    const [a, b] = await Promise.all([api.getModelVersion(id, from), api.getModelVersion(id, to)]);
    if (!a.ok) return a;
    if (!b.ok) return b;
    return { ok: true as const, value: { before: a.value.document, after: b.value.document } };
  });
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorState error={state.error} onRetry={reload} />;
  const changes = describeChanges(state.value.before, state.value.after);
  if (changes === null) return <p className="muted">{t("diff.cannot")}</p>;
  return (
    <ChangesList
      changes={changes}
      beforeLabel={t("diff.version", { version: from })}
      afterLabel={t("diff.version", { version: to })}
    />
  );
}

/** Every published version of a model, and what changed between any two of them. */
export function ModelVersionsPage({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const [, navigate] = useLocation();
  const { state, reload } = useApiQuery(`versions:${id}`, () => api.listModelVersions(id));
  const versions =
    state.status === "ok" ? [...state.value.data].sort((a, b) => b.version - a.version) : [];
  const latest = versions[0]?.version ?? 1;
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const from = pair?.from ?? Math.max(1, latest - 1);
  const to = pair?.to ?? latest;

  async function startFrom(version: number) {
    const detail = await api.getModelVersion(id, version);
    if (!detail.ok) return;
    draftStorage.save(id, {
      baseVersion: latest,
      document: normaliseForEditor(detail.value.document),
      savedAt: Date.now(),
    });
    navigate(`/models/${encodeURIComponent(id)}?tab=review`);
  }

  return (
    <div className="page">
      <Link href={`/models/${encodeURIComponent(id)}`} className="back-link">
        ← {t("versions.back", { model: id })}
      </Link>
      <header className="page__header">
        <h1>{t("versions.title", { model: id })}</h1>
      </header>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === "ok" && versions.length === 0 && (
        <EmptyState title={t("versions.emptyTitle")}>{t("versions.emptyBody")}</EmptyState>
      )}
      {versions.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table versions-table">
              <thead>
                <tr>
                  <th scope="col">{t("versions.version")}</th>
                  <th scope="col">{t("versions.published")}</th>
                  <th scope="col">{t("versions.applied")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("versions.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <tr key={version.version}>
                    <th scope="row">
                      {t("diff.version", { version: version.version })}
                      {version.version === latest && (
                        <span className="badge badge--info version-current">
                          {t("versions.current")}
                        </span>
                      )}
                    </th>
                    <td>{fmt.dateTime(version.publishedAt)}</td>
                    <td>{version.retroactive ? t("review.retroactive") : t("review.fromNow")}</td>
                    <td>
                      {version.version !== latest && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => void startFrom(version.version)}
                        >
                          {t("versions.restore", { version: version.version })}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {versions.length > 1 ? (
            <section className="card stack" aria-labelledby="diff-title">
              <h2 id="diff-title">{t("versions.compare")}</h2>
              <div className="filters">
                {(["from", "to"] as const).map((side) => (
                  <label key={side} className="field field--inline">
                    <span className="field__label">{t(`versions.${side}`)}</span>
                    <select
                      value={side === "from" ? from : to}
                      onChange={(event) =>
                        setPair({ from, to, [side]: Number(event.target.value) })
                      }
                    >
                      {versions.map((version) => (
                        <option key={version.version} value={version.version}>
                          {t("diff.version", { version: version.version })}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
              <VersionDiff id={id} from={from} to={to} />
            </section>
          ) : (
            <p className="muted">{t("versions.onlyOne")}</p>
          )}
        </>
      )}
    </div>
  );
}
