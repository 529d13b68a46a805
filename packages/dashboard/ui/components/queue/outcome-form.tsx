import type { FormEvent } from "react";
import { useState } from "react";
import type { ApiError } from "../../../src/api/api-error.ts";
import { fieldErrorsAt } from "../../../src/api/api-error.ts";
import type { Outcome, OutcomeReport } from "../../../src/api/api-types.ts";
import { OUTCOMES } from "../../../src/api/api-types.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useApi } from "../../session-context.tsx";
import { ErrorAlert } from "../states.tsx";

/** Records how a call went; a call-back needs a time, which puts the lead back in the queue then. */
export function OutcomeForm({
  queueId,
  leadId,
  claimId,
  onRecorded,
}: {
  queueId: string;
  leadId: string;
  /** The claim the call was made under; recording the outcome releases it. */
  claimId?: string;
  onRecorded: (report: OutcomeReport) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [outcome, setOutcome] = useState<Outcome>("no_answer");
  const [callbackAt, setCallbackAt] = useState("");
  const [note, setNote] = useState("");
  const [missingCallback, setMissingCallback] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (outcome === "call_back" && callbackAt === "") {
      setMissingCallback(true);
      return;
    }
    setPending(true);
    setError(null);
    const result = await api.recordOutcome(queueId, {
      leadId,
      outcome,
      ...(claimId === undefined ? {} : { claimId }),
      ...(outcome === "call_back" ? { callbackAt: new Date(callbackAt).toISOString() } : {}),
      ...(note.trim() === "" ? {} : { note: note.trim() }),
    });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onRecorded(result.value);
  }

  const callbackErrors = [
    ...(missingCallback ? [t("queue.callbackRequired")] : []),
    ...(error === null ? [] : fieldErrorsAt(error, "/callbackAt")),
  ];

  return (
    <form className="stack" noValidate onSubmit={(event) => void submit(event)}>
      <fieldset className="choices">
        <legend className="field__label">{t("queue.outcome")}</legend>
        {OUTCOMES.map((name) => (
          <label key={name} className="choice">
            <input
              type="radio"
              name="outcome"
              value={name}
              checked={outcome === name}
              onChange={() => {
                setOutcome(name);
                setMissingCallback(false);
              }}
            />
            <span>{t(`queue.outcome.${name}`)}</span>
          </label>
        ))}
      </fieldset>
      {outcome === "call_back" && (
        <label className="field">
          <span className="field__label">{t("queue.callbackAt")}</span>
          <input
            type="datetime-local"
            value={callbackAt}
            required
            aria-invalid={callbackErrors.length > 0}
            onChange={(event) => {
              setCallbackAt(event.target.value);
              setMissingCallback(false);
            }}
          />
          {callbackErrors.length > 0 && (
            <span className="field__error">{callbackErrors.join(" ")}</span>
          )}
        </label>
      )}
      <label className="field">
        <span className="field__label">{t("queue.note")}</span>
        <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      {error !== null && callbackErrors.length === 0 && <ErrorAlert error={error} />}
      <button type="submit" className="button button--primary" disabled={pending}>
        {t("queue.record")}
      </button>
    </form>
  );
}
