import { isObject, type Json, type JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";
import { DurationField, FieldProblems, NumberField } from "./fields.tsx";

type DecayKind = "inherit" | "none" | "halfLife" | "step";

export function decayKind(decay: Json): DecayKind {
  if (decay === undefined) return "inherit";
  if (isObject(decay) && "halfLife" in decay) return "halfLife";
  if (isObject(decay) && ("inactiveFor" in decay || "every" in decay || "subtract" in decay))
    return "step";
  return "none";
}

const START: Record<DecayKind, Json> = {
  inherit: undefined,
  none: "none",
  halfLife: { halfLife: "30d" },
  step: { inactiveFor: "60d", every: "30d", subtract: 10 },
};

/** Model-wide decay, or a rule's own (`inherit` keeps the model's). */
export function DecayFields({ path, forRule }: { path: JsonPath; forRule: boolean }) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const decay = get(path);
  const kind = decayKind(decay);
  const kinds: DecayKind[] = forRule
    ? ["inherit", "none", "halfLife", "step"]
    : ["none", "halfLife", "step"];
  const shown = !forRule && kind === "inherit" ? "none" : kind;
  return (
    <div className="stack decay">
      <label className="field">
        <span className="field__label">{forRule ? t("editor.ruleDecay") : t("editor.decay")}</span>
        <select
          id={fieldId(path)}
          value={shown}
          onChange={(event) => set(path, START[event.target.value as DecayKind])}
        >
          {kinds.map((option) => (
            <option key={option} value={option}>
              {t(`editor.decay.${option}`)}
            </option>
          ))}
        </select>
        <FieldProblems path={path} id={`${fieldId(path)}-problems`} />
      </label>
      {kind === "halfLife" && (
        <DurationField
          path={[...path, "halfLife"]}
          label={t("editor.halfLife")}
          hint={t("editor.halfLifeHint")}
        />
      )}
      {kind === "step" && (
        <div className="field-row">
          <DurationField path={[...path, "inactiveFor"]} label={t("editor.inactiveFor")} />
          <DurationField path={[...path, "every"]} label={t("editor.every")} />
          <NumberField path={[...path, "subtract"]} label={t("editor.subtract")} />
        </div>
      )}
      <p className="small muted">{t(`editor.decayHint.${shown}`)}</p>
    </div>
  );
}
