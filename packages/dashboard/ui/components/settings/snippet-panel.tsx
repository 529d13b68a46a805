import { useState } from "react";
import { Link } from "wouter";
import { trackingSnippet } from "../../../src/tracking-snippet.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { useApiQuery } from "../../use-api-query.ts";
import { CopyField } from "../copy-field.tsx";
import { EmptyState, ErrorState, Loading } from "../states.tsx";

/** The script tag for a website, with the publishable key the admin picks. */
export function SnippetPanel() {
  const { t } = useI18n();
  const api = useApi();
  const { state, reload } = useApiQuery("keys", () => api.listKeys());
  const [chosen, setChosen] = useState<string | null>(null);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorState error={state.error} onRetry={reload} />;
  const keys = state.value.data.filter(
    (key) => key.kind === "publishable" && key.publishableKey !== undefined,
  );
  const key = keys.find((k) => k.id === chosen) ?? keys[0];

  return (
    <section className="card stack snippet-panel" aria-labelledby="snippet-title">
      <h2 id="snippet-title">{t("snippet.title")}</h2>
      <p className="small muted">{t("snippet.intro")}</p>
      {key === undefined ? (
        <EmptyState
          title={t("snippet.noKeyTitle")}
          action={
            <Link href="/settings/keys" className="button button--primary">
              {t("snippet.createKey")}
            </Link>
          }
        >
          {t("snippet.noKeyBody")}
        </EmptyState>
      ) : (
        <>
          <label className="field">
            <span className="field__label">{t("snippet.key")}</span>
            <select value={key.id} onChange={(event) => setChosen(event.target.value)}>
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {`${k.name} — ${k.allowedOrigins.join(", ")}`}
                </option>
              ))}
            </select>
          </label>
          <CopyField
            label={t("snippet.code")}
            value={trackingSnippet(window.location.origin, key.publishableKey ?? "")}
            multiline
          />
          <p className="small muted">
            {t("snippet.origins", { origins: key.allowedOrigins.join(", ") })}
          </p>
        </>
      )}
    </section>
  );
}
