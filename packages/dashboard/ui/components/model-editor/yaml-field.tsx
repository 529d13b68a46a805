import { useEffect, useId, useState } from "react";
import { parse, stringify } from "yaml";
import type { Json, JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";
import { FieldProblems } from "./fields.tsx";

export const toYaml = (value: Json): string =>
  value === undefined ? "" : stringify(value, { lineWidth: 0 }).trimEnd();

/** A part of the model as YAML, for conditions deeper than the structured editor shows. */
export function YamlField({ path, label, hint }: { path: JsonPath; label: string; hint?: string }) {
  const { t } = useI18n();
  const { get, set, problems } = useDraft();
  const value = get(path);
  const [text, setText] = useState(() => toYaml(value));
  const [syntax, setSyntax] = useState<string | null>(null);
  const errorId = useId();
  useEffect(() => {
    setText((current) => {
      try {
        return JSON.stringify(parse(current)) === JSON.stringify(value) ? current : toYaml(value);
      } catch {
        return current;
      }
    });
  }, [value]);
  const invalid = syntax !== null || problems.under(path).length > 0;
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <textarea
        id={fieldId(path)}
        className="code-input"
        rows={Math.min(12, Math.max(3, text.split("\n").length + 1))}
        value={text}
        spellCheck={false}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => {
          setText(event.target.value);
          try {
            const parsed: Json = parse(event.target.value);
            setSyntax(null);
            set(path, parsed ?? undefined);
          } catch (error) {
            setSyntax((error as Error).message.split("\n")[0] ?? "");
          }
        }}
      />
      {hint !== undefined && <span className="small muted">{hint}</span>}
      <span id={errorId}>
        {syntax !== null && (
          <span className="field__error" role="status">
            {t("editor.yamlError", { error: syntax })}
          </span>
        )}
        {problems
          .under(path)
          .filter((problem) => problem.path.length > path.length)
          .map((problem) => (
            <span
              key={`${problem.path.join("/")}:${problem.message}`}
              className="field__error"
              lang="en"
            >
              {problem.path.slice(path.length).join(".")}: {problem.message}
            </span>
          ))}
        <FieldProblems path={path} id={`${errorId}-own`} />
      </span>
    </label>
  );
}
