import { useState } from "react";
import { parse } from "yaml";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";
import { toYaml } from "./yaml-field.tsx";

type Format = "yaml" | "json";

const show = (document: unknown, format: Format) =>
  format === "yaml" ? toYaml(document) : JSON.stringify(document, null, 2);

/** The whole model as YAML or JSON, for power users; edits apply as soon as the text parses. */
export function SourceView() {
  const { t } = useI18n();
  const { document, update } = useDraft();
  const [format, setFormat] = useState<Format>("yaml");
  const [text, setText] = useState(() => show(document, "yaml"));
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="stack" aria-labelledby="source-title">
      <header className="section-header">
        <div>
          <h2 id="source-title">{t("editor.section.source")}</h2>
          <p className="muted small">{t("editor.sourceIntro")}</p>
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t("editor.format")}</legend>
          {(["yaml", "json"] as const).map((option) => (
            <button
              key={option}
              type="button"
              className="segmented__option"
              aria-pressed={format === option}
              onClick={() => {
                setFormat(option);
                setText(show(document, option));
                setError(null);
              }}
            >
              {option.toUpperCase()}
            </button>
          ))}
        </fieldset>
      </header>
      <label className="field">
        <span className="visually-hidden">{t("editor.section.source")}</span>
        <textarea
          className="code-input code-input--tall"
          value={text}
          spellCheck={false}
          aria-invalid={error === null ? undefined : "true"}
          aria-describedby={error === null ? undefined : "source-error"}
          onChange={(event) => {
            setText(event.target.value);
            try {
              const parsed: unknown =
                format === "yaml" ? parse(event.target.value) : JSON.parse(event.target.value);
              setError(null);
              update(() => parsed);
            } catch (caught) {
              setError((caught as Error).message.split("\n")[0] ?? "");
            }
          }}
        />
      </label>
      {error !== null && (
        <p id="source-error" className="field__error" role="status">
          {t("editor.yamlError", { error })}
        </p>
      )}
    </section>
  );
}
