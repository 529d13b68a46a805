import type { ReactNode } from "react";
import { useEffect, useId, useState } from "react";
import {
  DURATION_UNITS,
  type DurationUnit,
  joinDuration,
  numberFromText,
  splitDuration,
  textOf,
} from "../../../src/model-editor/field-text.ts";
import type { Json, JsonPath } from "../../../src/model-editor/json-path.ts";
import { problemText } from "../../../src/model-editor/problem-message.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";

/** The problems at a path, in the reader's language (the core's English when the wording is new). */
export function FieldProblems({ path, id }: { path: JsonPath; id: string }) {
  const { t } = useI18n();
  const { problems } = useDraft();
  const list = problems.at(path);
  if (list.length === 0) return null;
  return (
    <span id={id} className="field__error" role="status">
      {list.map((problem) => {
        const text = problemText(problem.message);
        return (
          <span key={problem.message} className="problem" lang={text === null ? "en" : undefined}>
            {text === null ? problem.message : t(text.key, text.params)}
          </span>
        );
      })}
    </span>
  );
}

function useFieldProps(path: JsonPath) {
  const { problems } = useDraft();
  const errorId = useId();
  const invalid = problems.at(path).length > 0;
  return {
    errorId,
    inputProps: {
      id: fieldId(path),
      "aria-invalid": invalid ? ("true" as const) : undefined,
      "aria-describedby": invalid ? errorId : undefined,
    },
  };
}

function Field({
  label,
  hint,
  path,
  errorId,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  path: JsonPath;
  errorId: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label className="field__label" htmlFor={fieldId(path)}>
        {label}
      </label>
      {children}
      {hint !== undefined && <span className="small muted">{hint}</span>}
      <FieldProblems path={path} id={errorId} />
    </div>
  );
}

/** Text kept as typed; `read` turns it into the document's value (a list, a scalar…). */
export function TextField({
  path,
  label,
  hint,
  placeholder,
  read = (text) => text,
  show = textOf,
  className,
  emptyRemoves = false,
  readOnly = false,
}: {
  path: JsonPath;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string;
  read?: (text: string) => Json;
  show?: (value: Json) => string;
  className?: string;
  emptyRemoves?: boolean;
  readOnly?: boolean;
}) {
  const { get, set } = useDraft();
  const value = get(path);
  const [text, setText] = useState(() => show(value));
  // Follow the document when it changes from elsewhere (undo, the source view), not while typing.
  useEffect(() => {
    setText((current) => (show(read(current)) === show(value) ? current : show(value)));
  }, [value, read, show]);
  const { errorId, inputProps } = useFieldProps(path);
  return (
    <Field label={label} hint={hint} path={path} errorId={errorId} className={className}>
      <input
        {...inputProps}
        value={text}
        placeholder={placeholder}
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
          set(
            path,
            emptyRemoves && event.target.value.trim() === "" ? undefined : read(event.target.value),
          );
        }}
      />
    </Field>
  );
}

export function NumberField(props: {
  path: JsonPath;
  label: ReactNode;
  hint?: ReactNode;
  emptyRemoves?: boolean;
  className?: string;
}) {
  return (
    <TextField
      {...props}
      read={numberFromText}
      className={`field--number ${props.className ?? ""}`}
    />
  );
}

/** A duration such as `30d` as an amount and a unit. */
export function DurationField({
  path,
  label,
  hint,
}: {
  path: JsonPath;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const value = get(path);
  const [parts, setParts] = useState(() => splitDuration(value));
  useEffect(() => {
    setParts((current) =>
      joinDuration(current.amount, current.unit) === value ? current : splitDuration(value),
    );
  }, [value]);
  const { errorId, inputProps } = useFieldProps(path);
  const change = (amount: string, unit: DurationUnit) => {
    setParts({ amount, unit });
    set(path, joinDuration(amount, unit));
  };
  return (
    <fieldset className="field field--plain">
      <legend className="field__label">{label}</legend>
      <span className="duration">
        <input
          {...inputProps}
          className="duration__amount"
          inputMode="decimal"
          value={parts.amount}
          aria-label={t("editor.amount")}
          onChange={(event) => change(event.target.value, parts.unit)}
        />
        <select
          value={parts.unit}
          aria-label={t("editor.unit")}
          onChange={(event) => change(parts.amount, event.target.value as DurationUnit)}
        >
          {DURATION_UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {t(`editor.unit.${unit}`)}
            </option>
          ))}
        </select>
      </span>
      {hint !== undefined && <span className="small muted">{hint}</span>}
      <FieldProblems path={path} id={errorId} />
    </fieldset>
  );
}

/** A select over fixed options whose labels come from the caller. */
export function SelectField({
  path,
  label,
  options,
  optionLabel,
  hint,
}: {
  path: JsonPath;
  label: ReactNode;
  options: readonly string[];
  optionLabel: (option: string) => string;
  hint?: ReactNode;
}) {
  const { get, set } = useDraft();
  const value = get(path);
  const { errorId, inputProps } = useFieldProps(path);
  const known = typeof value === "string" && options.includes(value);
  return (
    <Field label={label} hint={hint} path={path} errorId={errorId}>
      <select
        {...inputProps}
        value={known ? value : ""}
        onChange={(event) => set(path, event.target.value)}
      >
        {!known && <option value="">{textOf(value)}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </Field>
  );
}
