import { useState } from "react";
import type { ApiError } from "../../src/api/api-error.ts";
import type { Feedback, FeedbackVerdict } from "../../src/api/api-types.ts";
import { useI18n } from "../i18n-context.tsx";
import { useApi } from "../session-context.tsx";
import { ErrorAlert } from "./states.tsx";

/** Sales feedback (good fit / bad fit) with an optional note; past verdicts listed below. */
export function FeedbackPanel({
  leadId,
  modelId,
  feedback,
  onSent,
}: {
  leadId: string;
  modelId: string;
  feedback: readonly Feedback[];
  onSent: () => void;
}) {
  const { t, fmt } = useI18n();
  const api = useApi();
  const [note, setNote] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState(false);

  async function send(verdict: FeedbackVerdict) {
    setPending(true);
    setError(null);
    const trimmed = note.trim();
    const result = await api.sendFeedback(leadId, {
      model: modelId,
      verdict,
      ...(trimmed === "" ? {} : { note: trimmed }),
    });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setNote("");
    setSent(true);
    onSent();
  }

  return (
    <div className="stack">
      <p className="small muted">{t("lead.feedbackHint")}</p>
      <label className="field">
        <span className="field__label">{t("lead.note")}</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() => void send("good_fit")}
        >
          {t("lead.goodFit")}
        </button>
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() => void send("bad_fit")}
        >
          {t("lead.badFit")}
        </button>
      </div>
      <div aria-live="polite" className="live-region">
        {sent && <p className="small success">{t("lead.saved")}</p>}
        {error !== null && <ErrorAlert error={error} />}
      </div>
      {feedback.length > 0 && (
        <ul className="plain-list small">
          {feedback.map((item, index) => (
            <li key={item.id ?? `${String(item.at ?? index)}:${item.verdict}`}>
              {item.at === undefined
                ? t(`lead.verdict.${item.verdict}`)
                : t("lead.feedbackGiven", {
                    verdict: t(`lead.verdict.${item.verdict}`),
                    date: fmt.date(item.at),
                  })}
              {item.note ? ` — “${item.note}”` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
