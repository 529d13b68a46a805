import type { FormEvent } from "react";
import { useState } from "react";
import type { ApiError } from "../../src/api/api-error.ts";
import { fieldErrorsAt } from "../../src/api/api-error.ts";
import { useI18n } from "../i18n-context.tsx";
import { useApi, useSession } from "../session-context.tsx";

const MIN_PASSWORD_LENGTH = 12;

/** Who is signed in, and changing one's own password (other sessions end). */
export function AccountPage() {
  const { t, fmt } = useI18n();
  const api = useApi();
  const { session, renewed } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  if (session.status !== "signed-in") return null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    setError(null);
    if (next.length < MIN_PASSWORD_LENGTH) {
      setProblem(t("account.tooShort", { count: MIN_PASSWORD_LENGTH }));
      return;
    }
    if (next !== repeat) {
      setProblem(t("account.mismatch"));
      return;
    }
    setProblem(null);
    setPending(true);
    const result = await api.changePassword(current, next);
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    renewed(result.value);
    setCurrent("");
    setNext("");
    setRepeat("");
    setDone(true);
  }

  const currentWrong = error !== null && fieldErrorsAt(error, "/currentPassword").length > 0;
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t("account.title")}</h1>
      </header>
      <div className="settings-grid">
        <section className="card stack" aria-labelledby="account-who">
          <h2 id="account-who">{session.user.email}</h2>
          <p className="muted">{t("account.role", { role: t(`role.${session.user.role}`) })}</p>
          <p className="small muted">{t(`users.roleHint.${session.user.role}`)}</p>
          <p className="small muted">
            {t("account.scopes", { scopes: session.scopes.join(", ") })}
          </p>
          <p className="small muted">
            {t("account.until", { date: fmt.dateTime(session.expiresAt) })}
          </p>
        </section>
        <form
          className="card stack"
          aria-labelledby="account-password"
          noValidate
          onSubmit={(event) => void submit(event)}
        >
          <h2 id="account-password">{t("account.changePassword")}</h2>
          <p className="small muted">{t("account.changeHint")}</p>
          <label className="field">
            <span className="field__label">{t("account.current")}</span>
            <input
              type="password"
              autoComplete="current-password"
              value={current}
              aria-invalid={currentWrong}
              onChange={(event) => setCurrent(event.target.value)}
            />
            {currentWrong && <span className="field__error">{t("account.currentWrong")}</span>}
          </label>
          <label className="field">
            <span className="field__label">{t("account.new")}</span>
            <input
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(event) => setNext(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t("account.repeat")}</span>
            <input
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
            />
          </label>
          <div aria-live="polite" className="live-region">
            {problem !== null && <p className="field__error">{problem}</p>}
            {error !== null && !currentWrong && (
              <p className="alert alert--error" role="alert">
                {t(`error.${error.kind}`)}
              </p>
            )}
            {done && <p className="small success">{t("account.changed")}</p>}
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={pending}>
              {t("account.save")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
