import type { FormEvent } from "react";
import { useState } from "react";
import type { ApiError } from "../../../src/api/api-error.ts";
import { fieldErrorsAt } from "../../../src/api/api-error.ts";
import type { ApiKey, CreatedKey, KeyKind } from "../../../src/api/api-types.ts";
import { SECRET_KEY_SCOPES } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { useApiQuery } from "../../use-api-query.ts";
import { CopyField } from "../copy-field.tsx";
import { Modal } from "../modal.tsx";
import { EmptyState, ErrorAlert, ErrorState, Loading } from "../states.tsx";

function splitOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
}

function CreateKeyForm({ onCreated }: { onCreated: (created: CreatedKey) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [kind, setKind] = useState<KeyKind>("secret");
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<readonly string[]>(["leads:read"]);
  const [origins, setOrigins] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await api.createKey(
      kind === "secret"
        ? { kind, name: name.trim(), scopes }
        : { kind, name: name.trim(), allowedOrigins: splitOrigins(origins) },
    );
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setName("");
    setOrigins("");
    onCreated(result.value);
  }

  const errorsAt = (pointer: string) => (error === null ? [] : fieldErrorsAt(error, pointer));
  const nameErrors = errorsAt("/name");
  const scopeErrors = errorsAt("/scopes");
  // The server's wording is English; the pointer says which field, the message comes from here.
  const originErrors = errorsAt("/allowedOrigins").length > 0 ? [t("keys.originInvalid")] : [];
  const shown = nameErrors.length + scopeErrors.length + originErrors.length > 0;

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="new-key">
      <h2 id="new-key">{t("keys.create")}</h2>
      <fieldset className="choices">
        <legend className="field__label">{t("keys.kind")}</legend>
        {(["secret", "publishable"] as const).map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="kind"
              value={option}
              checked={kind === option}
              onChange={() => setKind(option)}
            />
            <span>{t(`keys.kind.${option}`)}</span>
          </label>
        ))}
      </fieldset>
      <p className="small muted">{t(`keys.kindHint.${kind}`)}</p>
      <label className="field">
        <span className="field__label">{t("keys.name")}</span>
        <input
          value={name}
          required
          maxLength={200}
          placeholder={t(`keys.namePlaceholder.${kind}`)}
          aria-invalid={nameErrors.length > 0}
          onChange={(event) => setName(event.target.value)}
        />
        {nameErrors.length > 0 && <span className="field__error">{nameErrors.join(" ")}</span>}
      </label>
      {kind === "secret" ? (
        <fieldset className="choices choices--grid">
          <legend className="field__label">{t("keys.scopes")}</legend>
          {SECRET_KEY_SCOPES.map((scope) => (
            <label key={scope} className="choice">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) =>
                  setScopes(
                    event.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope),
                  )
                }
              />
              <span>
                <code>{scope}</code>
              </span>
            </label>
          ))}
          {scopeErrors.length > 0 && <span className="field__error">{scopeErrors.join(" ")}</span>}
        </fieldset>
      ) : (
        <label className="field">
          <span className="field__label">{t("keys.origins")}</span>
          <textarea
            rows={2}
            value={origins}
            placeholder="https://shop.example"
            aria-invalid={originErrors.length > 0}
            aria-describedby="origins-hint"
            onChange={(event) => setOrigins(event.target.value)}
          />
          <span
            id="origins-hint"
            className={originErrors.length > 0 ? "field__error" : "small muted"}
          >
            {originErrors.length > 0 ? originErrors.join(" ") : t("keys.originsHint")}
          </span>
        </label>
      )}
      {error !== null && !shown && <ErrorAlert error={error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={pending}>
          {t("keys.createButton")}
        </button>
      </div>
    </form>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const { t, fmt } = useI18n();
  return (
    <tr>
      <td>
        <strong>{apiKey.name}</strong>
        <div className="small muted">
          <code>{apiKey.prefix}…</code>
        </div>
      </td>
      <td>
        <span className={`badge badge--${apiKey.kind === "secret" ? "warning" : "info"}`}>
          {t(`keys.kind.${apiKey.kind}`)}
        </span>
      </td>
      <td className="small">
        {apiKey.kind === "secret"
          ? apiKey.scopes.map((scope) => <code key={scope}>{scope}</code>)
          : apiKey.allowedOrigins.join(", ")}
      </td>
      <td className="hide-narrow muted small">{fmt.date(apiKey.createdAt)}</td>
      <td className="num">
        <button type="button" className="button button--danger-ghost" onClick={onRevoke}>
          {t("keys.revoke")}
          <span className="visually-hidden"> {apiKey.name}</span>
        </button>
      </td>
    </tr>
  );
}

export function KeysPanel() {
  const { t } = useI18n();
  const api = useApi();
  const { state, reload } = useApiQuery("keys", () => api.listKeys());
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);

  async function revoke(key: ApiKey) {
    const result = await api.revokeKey(key.id);
    if (!result.ok) {
      setRevokeError(result.error);
      return;
    }
    setRevoking(null);
    reload();
  }

  return (
    <div className="settings-grid">
      <section className="card stack" aria-labelledby="keys-title">
        <h2 id="keys-title">{t("keys.title")}</h2>
        <p className="small muted">{t("keys.intro")}</p>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <ErrorState error={state.error} onRetry={reload} />}
        {state.status === "ok" && state.value.data.length === 0 && (
          <EmptyState title={t("keys.emptyTitle")}>{t("keys.emptyBody")}</EmptyState>
        )}
        {state.status === "ok" && state.value.data.length > 0 && (
          <div className="table-wrap">
            <table className="table table--stack-narrow keys-table">
              <thead>
                <tr>
                  <th scope="col">{t("keys.name")}</th>
                  <th scope="col">{t("keys.kind")}</th>
                  <th scope="col">{t("keys.access")}</th>
                  <th scope="col" className="hide-narrow">
                    {t("keys.created")}
                  </th>
                  <th scope="col" className="num">
                    <span className="visually-hidden">{t("keys.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.value.data.map((key) => (
                  <KeyRow
                    key={key.id}
                    apiKey={key}
                    onRevoke={() => {
                      setRevokeError(null);
                      setRevoking(key);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateKeyForm
        onCreated={(value) => {
          setCreated(value);
          reload();
        }}
      />
      <Modal
        open={created !== null}
        title={t("keys.createdTitle")}
        onClose={() => setCreated(null)}
      >
        <p>{t("keys.createdBody")}</p>
        {created !== null && <CopyField label={created.key.name} value={created.secret} />}
        <div className="button-row button-row--end">
          <button type="button" className="button button--primary" onClick={() => setCreated(null)}>
            {t("keys.stored")}
          </button>
        </div>
      </Modal>
      <Modal
        open={revoking !== null}
        title={t("keys.revokeTitle", { name: revoking?.name ?? "" })}
        onClose={() => setRevoking(null)}
      >
        <p>{t("keys.revokeBody")}</p>
        {revokeError !== null && <ErrorAlert error={revokeError} />}
        <div className="button-row button-row--end">
          <button type="button" className="button button--ghost" onClick={() => setRevoking(null)}>
            {t("lead.cancel")}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => revoking !== null && void revoke(revoking)}
          >
            {t("keys.revoke")}
          </button>
        </div>
      </Modal>
    </div>
  );
}
