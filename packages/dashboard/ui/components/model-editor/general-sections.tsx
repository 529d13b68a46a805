import { textOf } from "../../../src/model-editor/field-text.ts";
import { insertIn, isObject, removeIn } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { DecayFields } from "./decay-fields.tsx";
import { useDraft } from "./draft-context.tsx";
import { FieldProblems, NumberField, TextField } from "./fields.tsx";

export function GeneralSection() {
  const { t } = useI18n();
  const { isNew } = useDraft();
  return (
    <section className="stack" aria-labelledby="general-title">
      <h2 id="general-title">{t("editor.section.general")}</h2>
      <TextField path={["name"]} label={t("editor.name")} hint={t("editor.nameHint")} />
      <TextField
        path={["id"]}
        label={t("editor.id")}
        hint={isNew ? t("editor.idHintNew") : t("editor.idHint")}
        readOnly={!isNew}
      />
      <div className="field-row">
        <NumberField path={["scale", "min"]} label={t("editor.scaleMin")} />
        <NumberField path={["scale", "max"]} label={t("editor.scaleMax")} />
      </div>
      <FieldProblems path={["scale"]} id="scale-problems" />
      <p className="small muted">{t("editor.scaleHint")}</p>
    </section>
  );
}

export function BandsSection() {
  const { t } = useI18n();
  const { get, update } = useDraft();
  const bands = get(["bands"]);
  const list = Array.isArray(bands) ? bands : [];
  return (
    <section className="stack" aria-labelledby="bands-title">
      <header>
        <h2 id="bands-title">{t("editor.section.bands")}</h2>
        <p className="muted small">{t("editor.bandsIntro")}</p>
      </header>
      <FieldProblems path={["bands"]} id="bands-problems" />
      <ol className="plain-list bands-list">
        {list.map((band, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a band's name is editable; its place is its identity
          <li key={index} className="band-row">
            <TextField path={["bands", index, "name"]} label={t("editor.bandName")} />
            <NumberField path={["bands", index, "from"]} label={t("editor.bandFrom")} />
            <button
              type="button"
              className="button button--ghost button--icon"
              aria-label={t("editor.removeBand", { band: isObject(band) ? textOf(band.name) : "" })}
              disabled={list.length <= 1}
              onClick={() => update((document) => removeIn(document, ["bands", index]))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div>
        <button
          type="button"
          className="button"
          onClick={() => {
            const last = list.at(-1);
            const from = isObject(last) && typeof last.from === "number" ? last.from + 20 : 0;
            update((document) => insertIn(document, ["bands"], { name: "", from }));
          }}
        >
          + {t("editor.addBand")}
        </button>
      </div>
    </section>
  );
}

export function DecaySection() {
  const { t } = useI18n();
  return (
    <section className="stack" aria-labelledby="decay-title">
      <header>
        <h2 id="decay-title">{t("editor.section.decay")}</h2>
        <p className="muted small">{t("editor.decayIntro")}</p>
      </header>
      <DecayFields path={["decay"]} forRule={false} />
    </section>
  );
}
