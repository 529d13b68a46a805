import type { FormEvent } from "react";
import { useState } from "react";
import type { ApiError } from "../../../src/api/api-error.ts";
import { fieldErrorsAt } from "../../../src/api/api-error.ts";
import type { Role, User, UserWithPassword } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi, useSession } from "../../session-context.tsx";
import { useApiQuery } from "../../use-api-query.ts";
import { CopyField } from "../copy-field.tsx";
import { Modal } from "../modal.tsx";
import { ErrorAlert, ErrorState, Loading } from "../states.tsx";

const ROLES: readonly Role[] = ["admin", "marketer", "agent"];

function CreateUserForm({ onCreated }: { onCreated: (created: UserWithPassword) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await api.createUser({ email: email.trim(), role });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setEmail("");
    onCreated(result.value);
  }

  const emailErrors = error === null ? [] : fieldErrorsAt(error, "/email");
  return (
    <form
      className="card stack"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="new-user"
    >
      <h2 id="new-user">{t("users.create")}</h2>
      <p className="small muted">{t("users.createHint")}</p>
      <label className="field">
        <span className="field__label">{t("users.email")}</span>
        <input
          type="email"
          value={email}
          required
          autoComplete="off"
          aria-invalid={emailErrors.length > 0}
          onChange={(event) => setEmail(event.target.value)}
        />
        {emailErrors.length > 0 && <span className="field__error">{emailErrors.join(" ")}</span>}
      </label>
      <label className="field">
        <span className="field__label">{t("users.role")}</span>
        <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <span className="small muted">{t(`users.roleHint.${role}`)}</span>
      </label>
      {error !== null && emailErrors.length === 0 && <ErrorAlert error={error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={pending}>
          {t("users.createButton")}
        </button>
      </div>
    </form>
  );
}

function UserRow({
  user,
  isMe,
  onChanged,
  onPassword,
  onError,
}: {
  user: User;
  isMe: boolean;
  onChanged: () => void;
  onPassword: (value: UserWithPassword) => void;
  onError: (error: ApiError) => void;
}) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const disabled = user.disabledAt !== null;
  const run = async (work: Promise<{ ok: boolean; error?: ApiError }>) => {
    const result = await work;
    if (!result.ok && result.error !== undefined) onError(result.error);
    else onChanged();
  };
  return (
    <tr className={disabled ? "is-disabled" : undefined}>
      <td>
        <strong>{user.email}</strong>
        {isMe && <span className="small muted"> ({t("users.you")})</span>}
        <div className="small muted">
          {disabled ? t("users.disabled") : t("users.since", { date: fmt.date(user.createdAt) })}
        </div>
      </td>
      <td>
        <label>
          <span className="visually-hidden">{t("users.roleOf", { email: user.email })}</span>
          <select
            value={user.role}
            onChange={(event) =>
              void run(api.updateUser(user.id, { role: event.target.value as Role }))
            }
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </td>
      <td className="num">
        <div className="button-row button-row--end">
          <button
            type="button"
            className="button button--ghost"
            onClick={() =>
              void api.resetPassword(user.id).then((result) => {
                if (result.ok) onPassword(result.value);
                else onError(result.error);
              })
            }
          >
            {t("users.resetPassword")}
            <span className="visually-hidden"> {user.email}</span>
          </button>
          {!isMe && (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => void run(api.updateUser(user.id, { disabled: !disabled }))}
            >
              {disabled ? t("users.enable") : t("users.disable")}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          )}
          {!isMe && (
            <button
              type="button"
              className="button button--danger-ghost"
              onClick={() => void run(api.deleteUser(user.id))}
            >
              {t("users.delete")}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

export function UsersPanel() {
  const { t } = useI18n();
  const api = useApi();
  const { session } = useSession();
  const myId = session.status === "signed-in" ? session.user.id : null;
  const { state, reload } = useApiQuery("users", () => api.listUsers());
  const [password, setPassword] = useState<UserWithPassword | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const showPassword = (value: UserWithPassword) => {
    setPassword(value);
    reload();
  };

  return (
    <div className="settings-grid">
      <section className="card stack" aria-labelledby="users-title">
        <h2 id="users-title">{t("users.title")}</h2>
        <p className="small muted">{t("users.intro")}</p>
        {error !== null && <ErrorAlert error={error} />}
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <ErrorState error={state.error} onRetry={reload} />}
        {state.status === "ok" && (
          <div className="table-wrap">
            <table className="table table--stack-narrow users-table">
              <thead>
                <tr>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col" className="num">
                    <span className="visually-hidden">{t("keys.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.value.data.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    isMe={user.id === myId}
                    onChanged={() => {
                      setError(null);
                      reload();
                    }}
                    onPassword={showPassword}
                    onError={setError}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateUserForm onCreated={showPassword} />
      <Modal
        open={password !== null}
        title={t("users.passwordTitle", { email: password?.user.email ?? "" })}
        onClose={() => setPassword(null)}
      >
        <p>{t("users.passwordBody")}</p>
        {password?.password != null && (
          <CopyField label={t("users.password")} value={password.password} />
        )}
        <div className="button-row button-row--end">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setPassword(null)}
          >
            {t("keys.stored")}
          </button>
        </div>
      </Modal>
    </div>
  );
}
