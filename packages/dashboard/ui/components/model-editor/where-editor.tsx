import { useEffect, useState } from "react";
import { isObject, type Json, type JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";
import { FieldProblems } from "./fields.tsx";
import { PredicateEditor } from "./predicate-editor.tsx";

/** Rows are keyed by position: renaming a property keeps its row (and the focus) in place. */
const rowKey = (index: number) => `row-${index}`;

function entriesOf(where: Json): [string, Json][] {
  return isObject(where) ? Object.entries(where) : [];
}

function withEntries(entries: readonly [string, Json][]): Json {
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function PropertyName({
  name,
  path,
  taken,
  onRename,
}: {
  name: string;
  path: JsonPath;
  taken: (name: string) => boolean;
  onRename: (name: string) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const clash = text !== name && taken(text);
  return (
    <span className="predicate__subject">
      <input
        id={fieldId(path)}
        aria-label={t("editor.propertyName")}
        placeholder={t("editor.propertyPlaceholder")}
        value={text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={clash || text.trim() === "" ? "true" : undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (!taken(event.target.value)) onRename(event.target.value);
        }}
      />
      {clash && <span className="field__error">{t("editor.propertyTaken")}</span>}
      <FieldProblems path={path} id={`${fieldId(path)}-problems`} />
    </span>
  );
}

/**
 * Conditions on the event's properties (`campaignId = spring-launch`, `url contains /pricing`):
 * without any, the rule counts every event of its type.
 */
export function WhereEditor({ path, eventLabel }: { path: JsonPath; eventLabel: string }) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const where = get(path);
  const entries = entriesOf(where);
  const replace = (index: number, entry: [string, Json] | null) => {
    const next = entries.flatMap((current, i) =>
      i !== index ? [current] : entry === null ? [] : [entry],
    );
    set(path, withEntries(next));
  };
  return (
    <div className="where">
      {entries.length === 0 ? (
        <p className="small muted">{t("editor.anyEvent", { event: eventLabel })}</p>
      ) : (
        <ul className="where__rows plain-list">
          {entries.map(([name, tests], index) => (
            <li key={rowKey(index)} className="where__row">
              <PropertyName
                name={name}
                path={[...path, name]}
                taken={(other) => other !== name && entries.some(([key]) => key === other)}
                onRename={(next) => replace(index, [next, tests])}
              />
              <PredicateEditor
                container={tests}
                path={[...path, name]}
                subject={name || t("editor.propertyName")}
                onChange={(container) => replace(index, [name, container])}
              />
              <button
                type="button"
                className="button button--ghost button--icon"
                aria-label={t("editor.removeCondition", {
                  subject: name || t("editor.propertyName"),
                })}
                onClick={() => replace(index, null)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button--small"
        disabled={entries.some(([key]) => key === "")}
        onClick={() => set(path, withEntries([...entries, ["", ""]]))}
      >
        + {t("editor.addProperty")}
      </button>
    </div>
  );
}
