import { PREDICATE_OPS, type PredicateOp } from "@leadscore/core";
import { useEffect, useId, useState } from "react";
import {
  listFromText,
  numberFromText,
  scalarFromText,
  textOf,
} from "../../../src/model-editor/field-text.ts";
import type { Json, JsonPath } from "../../../src/model-editor/json-path.ts";
import {
  addTest,
  changeTest,
  removeTest,
  testsOf,
  valueForOperator,
} from "../../../src/model-editor/predicate-tests.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";
import { FieldProblems } from "./fields.tsx";

function readValue(op: PredicateOp, text: string): Json {
  if (op === "in" || op === "notIn") return listFromText(text);
  if (op === "gt" || op === "gte" || op === "lt" || op === "lte") return numberFromText(text);
  if (op === "matches" || op === "contains" || op === "startsWith") return text;
  return scalarFromText(text);
}

function ValueInput({
  op,
  value,
  path,
  label,
  onChange,
}: {
  op: PredicateOp;
  value: Json;
  path: JsonPath;
  label: string;
  onChange: (value: Json) => void;
}) {
  const { t } = useI18n();
  const { problems } = useDraft();
  const errorId = useId();
  const invalid = problems.at(path).length > 0;
  const [text, setText] = useState(() => textOf(value));
  useEffect(() => {
    setText((current) =>
      textOf(readValue(op, current)) === textOf(value) ? current : textOf(value),
    );
  }, [op, value]);
  const described = {
    "aria-invalid": invalid ? ("true" as const) : undefined,
    "aria-describedby": invalid ? errorId : undefined,
  };
  return (
    <span className="predicate__value">
      {op === "exists" ? (
        <select
          id={fieldId(path)}
          {...described}
          aria-label={label}
          value={value === false ? "false" : "true"}
          onChange={(event) => onChange(event.target.value === "true")}
        >
          <option value="true">{t("editor.exists.true")}</option>
          <option value="false">{t("editor.exists.false")}</option>
        </select>
      ) : (
        <input
          id={fieldId(path)}
          {...described}
          aria-label={label}
          value={text}
          spellCheck={false}
          autoComplete="off"
          inputMode={["gt", "gte", "lt", "lte"].includes(op) ? "decimal" : undefined}
          placeholder={op === "in" || op === "notIn" ? t("editor.listPlaceholder") : undefined}
          onChange={(event) => {
            setText(event.target.value);
            onChange(readValue(op, event.target.value));
          }}
        />
      )}
      <FieldProblems path={path} id={errorId} />
    </span>
  );
}

/**
 * The tests on one subject (`employees ≥ 50`, `url contains /pricing`): an operator and a value
 * each; a second test on the same subject must hold too.
 */
export function PredicateEditor({
  container,
  path,
  subject,
  skip = [],
  onChange,
}: {
  container: Json;
  /** Where the container sits in the document (values' problems are below it). */
  path: JsonPath;
  /** Names the subject in the inputs' accessible labels. */
  subject: string;
  skip?: readonly string[];
  onChange: (container: Json) => void;
}) {
  const { t } = useI18n();
  const tests = testsOf(container, skip);
  const unused = PREDICATE_OPS.filter((op) => !tests.some((test) => test.op === op));
  return (
    <span className="predicate">
      {tests.map((test, index) => (
        <span key={test.op} className="predicate__test">
          {index > 0 && <span className="predicate__and muted small">{t("editor.and")}</span>}
          <select
            aria-label={t("editor.operatorOf", { subject })}
            value={test.op}
            onChange={(event) => {
              const op = event.target.value as PredicateOp;
              onChange(
                changeTest(container, index, { op, value: valueForOperator(op, test.value) }, skip),
              );
            }}
          >
            {PREDICATE_OPS.filter((op) => op === test.op || unused.includes(op)).map((op) => (
              <option key={op} value={op}>
                {t(`editor.op.${op}`)}
              </option>
            ))}
          </select>
          <ValueInput
            key={test.op}
            op={test.op}
            value={test.value}
            path={[...path, ...test.path]}
            label={t("editor.valueOf", { subject })}
            onChange={(value) => onChange(changeTest(container, index, { value }, skip))}
          />
          {tests.length > 1 && (
            <button
              type="button"
              className="button button--ghost button--icon"
              aria-label={t("editor.removeTest", { subject })}
              onClick={() => onChange(removeTest(container, index, skip))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {unused.length > 0 && tests.length < 3 && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() =>
            onChange(
              addTest(
                container,
                { op: unused.includes("lte") ? "lte" : unused[0]!, value: "" },
                skip,
              ),
            )
          }
        >
          + {t("editor.addTest")}
        </button>
      )}
    </span>
  );
}
