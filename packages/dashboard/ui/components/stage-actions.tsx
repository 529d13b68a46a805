import type { FormEvent } from "react";
import { useRef, useState } from "react";
import type { ApiError } from "../../src/api/api-error.ts";
import { fieldErrorsAt } from "../../src/api/api-error.ts";
import type { StageAction } from "../../src/api/api-types.ts";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { ErrorAlert } from "./states.tsx";

const ACTIONS = [
  "accept",
  "reject",
  "opportunity",
  "won",
  "lost",
] as const satisfies readonly StageAction[];

/** Manual stage changes; each needs a reason, which the stage history shows. */
export function StageActions({
  leadId,
  modelId,
  onChanged,
}: {
  leadId: string;
  modelId: string;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [action, setAction] = useState<(typeof ACTIONS)[number]>("accept");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [pending, setPending] = useState(false);

  function open(next: (typeof ACTIONS)[number]) {
    setAction(next);
    setReason("");
    setError(null);
    setMissingReason(false);
    dialog.current?.showModal();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === "") {
      setMissingReason(true);
      return;
    }
    setPending(true);
    const result = await api.changeStage(leadId, { model: modelId, action, reason: reason.trim() });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    dialog.current?.close();
    onChanged();
  }

  const reasonErrors = [
    ...(missingReason ? [t("lead.reasonRequired")] : []),
    ...(error === null ? [] : fieldErrorsAt(error, "/reason")),
  ];

  return (
    <>
      <div className="button-row">
        {ACTIONS.map((name) => (
          <button
            key={name}
            type="button"
            className={`button ${name === "reject" || name === "lost" ? "button--danger-ghost" : ""}`}
            onClick={() => open(name)}
          >
            {t(`lead.action.${name}`)}
          </button>
        ))}
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby="stage-dialog-title">
        <form onSubmit={(event) => void submit(event)} className="stack" noValidate>
          <h2 id="stage-dialog-title">
            {t("lead.stageDialog", { action: t(`lead.action.${action}`) })}
          </h2>
          {error !== null && reasonErrors.length === 0 && <ErrorAlert error={error} />}
          <label className="field">
            <span className="field__label">{t("lead.reason")}</span>
            <textarea
              value={reason}
              rows={3}
              required
              aria-invalid={reasonErrors.length > 0}
              aria-describedby="stage-reason-hint"
              onChange={(event) => {
                setReason(event.target.value);
                setMissingReason(false);
              }}
            />
            <span
              id="stage-reason-hint"
              className={reasonErrors.length > 0 ? "field__error" : "small muted"}
            >
              {reasonErrors.length > 0 ? reasonErrors.join(" ") : t("lead.reasonHint")}
            </span>
          </label>
          <div className="button-row button-row--end">
            <button
              type="button"
              className="button button--ghost"
              onClick={() => dialog.current?.close()}
            >
              {t("lead.cancel")}
            </button>
            <button type="submit" className="button button--primary" disabled={pending}>
              {t("lead.confirm")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
