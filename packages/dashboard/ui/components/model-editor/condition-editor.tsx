import {
  type Combinator,
  type ConditionPlace,
  changeLeafKind,
  groupOf,
  type LeafKind,
  leafKind,
  leafPath,
  METRICS,
  newLeaf,
  writeGroup,
} from "../../../src/model-editor/condition-shape.ts";
import { eventTypesFromText } from "../../../src/model-editor/field-text.ts";
import { isObject, type Json, type JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";
import { TextField } from "./fields.tsx";
import { PredicateEditor } from "./predicate-editor.tsx";
import { WhereEditor } from "./where-editor.tsx";
import { YamlField } from "./yaml-field.tsx";

const KINDS: Record<ConditionPlace, readonly LeafKind[]> = {
  fit: ["trait"],
  stage: [...METRICS, "trait", "event"],
};

function Leaf({
  leaf,
  path,
  place,
  onChange,
  onRemove,
}: {
  leaf: Json;
  path: JsonPath;
  place: ConditionPlace;
  onChange: (leaf: Json) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const kind = leafKind(leaf) ?? "trait";
  const object = isObject(leaf) ? leaf : {};
  const subject =
    kind === "trait"
      ? String(object.trait ?? "") || t("editor.kind.trait")
      : t(`editor.kind.${kind}`);
  return (
    <li className="condition">
      {KINDS[place].length > 1 && (
        <select
          className="condition__kind"
          aria-label={t("editor.conditionKind")}
          value={kind}
          onChange={(event) => onChange(changeLeafKind(leaf, event.target.value as LeafKind))}
        >
          {KINDS[place].map((option) => (
            <option key={option} value={option}>
              {t(`editor.kind.${option}`)}
            </option>
          ))}
        </select>
      )}
      {kind === "trait" && (
        <>
          <TextField
            path={[...path, "trait"]}
            label={<span className="visually-hidden">{t("editor.traitName")}</span>}
            placeholder={t("editor.traitPlaceholder")}
            className="condition__subject"
          />
          <PredicateEditor
            container={leaf}
            path={path}
            subject={subject}
            skip={["trait"]}
            onChange={onChange}
          />
        </>
      )}
      {(kind === "score" || kind === "fit" || kind === "engagement") && (
        <PredicateEditor
          container={object[kind]}
          path={[...path, kind]}
          subject={subject}
          onChange={(tests) => onChange({ [kind]: tests })}
        />
      )}
      {kind === "event" && (
        <div className="condition__event">
          <TextField
            path={[...path, "event"]}
            label={t("editor.eventType")}
            placeholder="demo.requested"
            read={eventTypesFromText}
          />
          <WhereEditor path={[...path, "where"]} eventLabel={String(object.event ?? "")} />
        </div>
      )}
      <button
        type="button"
        className="button button--ghost button--icon condition__remove"
        aria-label={t("editor.removeCondition", { subject })}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

/**
 * A fit or stage rule's condition: all (or any) of a list of simple conditions; a deeper one is
 * edited as YAML.
 */
export function ConditionEditor({ path, place }: { path: JsonPath; place: ConditionPlace }) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const when = get(path);
  const group = groupOf(when, place);
  if (group === null) {
    return (
      <YamlField
        path={path}
        label={t("editor.conditionYaml")}
        hint={t("editor.conditionYamlHint")}
      />
    );
  }
  const write = (leaves: readonly Json[], combinator: Combinator = group.combinator) =>
    set(path, writeGroup({ combinator, leaves }));
  return (
    <fieldset className="conditions">
      <legend className="field__label">
        {group.leaves.length > 1 ? (
          <label className="conditions__combinator">
            <span>{t("editor.match")}</span>
            <select
              value={group.combinator}
              onChange={(event) => write(group.leaves, event.target.value as Combinator)}
            >
              <option value="all">{t("editor.all")}</option>
              <option value="any">{t("editor.any")}</option>
            </select>
          </label>
        ) : (
          t("editor.when")
        )}
      </legend>
      <ul className="plain-list conditions__list">
        {group.leaves.map((leaf, index) => (
          <Leaf
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity besides their place
            key={index}
            leaf={leaf}
            path={[...path, ...leafPath(when, index)]}
            place={place}
            onChange={(next) => write(group.leaves.map((old, i) => (i === index ? next : old)))}
            onRemove={() => write(group.leaves.filter((_, i) => i !== index))}
          />
        ))}
      </ul>
      <button
        type="button"
        className="button button--small"
        onClick={() => write([...group.leaves, newLeaf(place === "fit" ? "trait" : "score")])}
      >
        + {t("editor.addCondition")}
      </button>
    </fieldset>
  );
}
