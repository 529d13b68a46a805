import type { Formatter } from "../../../src/i18n/format.ts";
import type { Translate } from "../../../src/i18n/translate.ts";
import { textOf } from "../../../src/model-editor/field-text.ts";
import { isObject, type Json, type JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";
import { FieldProblems, NumberField, TextField } from "./fields.tsx";

/** `+10`, `−20` or `2 per fieldsCount (max 20)`. */
export function pointsSummary({
  t,
  fmt,
}: {
  t: Translate;
  fmt: Formatter;
}): (points: Json) => string {
  return (points) => {
    if (typeof points === "number") return fmt.points(points);
    if (isObject(points)) {
      const max =
        points.max === undefined ? "" : ` ${t("editor.summary.max", { max: textOf(points.max) })}`;
      return `${t("editor.summary.per", { each: textOf(points.each), field: textOf(points.per) })}${max}`;
    }
    return textOf(points);
  };
}

/** Fixed points (negative ones too), or so many per collected item (S7). */
export function PointsFields({ path }: { path: JsonPath }) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const points = get(path);
  const perItem = isObject(points);
  const name = `points-${path.join("-")}`;
  return (
    <fieldset className="stack points">
      <legend className="field__label">{t("editor.points")}</legend>
      <div className="choices choices--inline">
        <label className="choice">
          <input type="radio" name={name} checked={!perItem} onChange={() => set(path, 10)} />
          <span>{t("editor.pointsFixed")}</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={name}
            checked={perItem}
            onChange={() => set(path, { per: "", each: 1, max: 10 })}
          />
          <span>{t("editor.pointsPer")}</span>
        </label>
      </div>
      {perItem ? (
        <div className="field-row">
          <TextField
            path={[...path, "per"]}
            label={t("editor.perField")}
            placeholder="fieldsCount"
          />
          <NumberField path={[...path, "each"]} label={t("editor.each")} />
          <NumberField path={[...path, "max"]} label={t("editor.max")} emptyRemoves />
        </div>
      ) : (
        <NumberField path={path} label={t("editor.pointsValue")} hint={t("editor.pointsHint")} />
      )}
      {perItem && <FieldProblems path={path} id={`${name}-problems`} />}
    </fieldset>
  );
}
