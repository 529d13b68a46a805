import type { FormEvent } from "react";
import { useState } from "react";
import { LanguageSwitch } from "../components/app-shell.tsx";
import { RichText } from "../components/states.tsx";
import { useI18n } from "../i18n-context.tsx";
import { useSession } from "../session-context.tsx";

export function SignInPage() {
  const { t } = useI18n();
  const { signIn, session } = useSession();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(
    session.status === "signed-out" && session.error !== undefined
      ? t(`error.${session.error.kind}`)
      : null,
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const error = await signIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    setPending(false);
    if (error === null) return;
    setFailure(
      error.kind === "unauthorized" || error.kind === "invalid"
        ? t("signIn.failed")
        : t(`error.${error.kind}`),
    );
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in__language">
        <LanguageSwitch />
      </div>
      <form className="card sign-in__card" onSubmit={(event) => void submit(event)}>
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          {t("app.name")}
        </p>
        <h1>{t("signIn.title")}</h1>
        <p className="muted">{t("signIn.subtitle")}</p>
        {failure !== null && (
          <p className="alert alert--error" role="alert">
            {failure}
          </p>
        )}
        <label className="field">
          <span className="field__label">{t("signIn.email")}</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className="field">
          <span className="field__label">{t("signIn.password")}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button button--primary button--block" disabled={pending}>
          {pending ? t("signIn.submitting") : t("signIn.submit")}
        </button>
        <p className="small muted">
          <RichText text={t("signIn.firstAdmin")} />
        </p>
      </form>
    </main>
  );
}
