import { useId, useRef, useState } from "react";
import { useI18n } from "../i18n-context.tsx";

/** A read-only value with a Copy button; falls back to selecting the text where the clipboard is off. */
export function CopyField({
  label,
  value,
  multiline = false,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("select");
    }
  }

  return (
    <div className="field copy-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        {multiline ? (
          <textarea
            id={id}
            ref={input}
            readOnly
            value={value}
            rows={value.split("\n").length + 2}
            className="copy-field__value"
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
        ) : (
          <input
            id={id}
            ref={input}
            readOnly
            value={value}
            className="copy-field__value"
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
        )}
        <button type="button" className="button" onClick={() => void copy()}>
          {t("copy.copy")}
        </button>
      </div>
      <span className="small success" aria-live="polite">
        {copied === "yes" ? t("copy.copied") : copied === "select" ? t("copy.selected") : ""}
      </span>
    </div>
  );
}
