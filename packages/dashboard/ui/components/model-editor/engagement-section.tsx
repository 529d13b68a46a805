import { eventTypesFromText, textOf } from "../../../src/model-editor/field-text.ts";
import { isObject, type Json, type JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { DecayFields, decayKind } from "./decay-fields.tsx";
import { useDraft } from "./draft-context.tsx";
import { DurationField, FieldProblems, NumberField, TextField } from "./fields.tsx";
import { PointsFields, pointsSummary } from "./points-fields.tsx";
import { RuleList } from "./rule-list.tsx";
import { WhereEditor } from "./where-editor.tsx";

const RULE_LISTS = [["fit"], ["engagement"]] as const;

function eventOf(rule: Json): string {
  if (!isObject(rule)) return "";
  return typeof rule.when === "string"
    ? rule.when
    : isObject(rule.when)
      ? textOf(rule.when.event)
      : "";
}

/** "at most 3 times in 30d" and the like: how often a rule counts. */
function LimitFields({ path }: { path: JsonPath }) {
  const { t } = useI18n();
  const { get, set } = useDraft();
  const limit = get(path);
  const on = limit !== undefined;
  const windowed = isObject(limit) && limit.per !== undefined;
  const id = `limit-${path.join("-")}`;
  return (
    <fieldset className="stack limit">
      <legend className="field__label">{t("editor.limit")}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) =>
            set(path, event.target.checked ? { times: 3, per: "30d" } : undefined)
          }
        />
        <span>{t("editor.limitOn")}</span>
      </label>
      {on && (
        <>
          <div className="field-row">
            <NumberField path={[...path, "times"]} label={t("editor.limitTimes")} emptyRemoves />
            <NumberField path={[...path, "points"]} label={t("editor.limitPoints")} emptyRemoves />
          </div>
          <div className="field-row">
            <label className="field">
              <span className="field__label">{t("editor.limitOver")}</span>
              <select
                value={windowed ? "window" : "life"}
                onChange={(event) =>
                  set([...path, "per"], event.target.value === "window" ? "30d" : undefined)
                }
              >
                <option value="window">{t("editor.limitWindow")}</option>
                <option value="life">{t("editor.limitLife")}</option>
              </select>
            </label>
            {windowed && <DurationField path={[...path, "per"]} label={t("editor.limitPer")} />}
          </div>
          <FieldProblems path={path} id={`${id}-problems`} />
          <p className="small muted">{t("editor.limitHint")}</p>
        </>
      )}
    </fieldset>
  );
}

export function EngagementSection() {
  const i18n = useI18n();
  const { t } = i18n;
  const points = pointsSummary(i18n);
  const limitSummary = (limit: Json) => {
    if (!isObject(limit)) return "";
    const parts = [
      limit.times === undefined ? null : t("editor.summary.times", { times: textOf(limit.times) }),
      limit.points === undefined
        ? null
        : t("editor.summary.points", { points: textOf(limit.points) }),
    ].filter((part) => part !== null);
    const over = limit.per === undefined ? "" : ` / ${textOf(limit.per)}`;
    return ` · ${t("editor.summary.limit", { limit: parts.join(", ") })}${over}`;
  };
  return (
    <section className="stack" aria-labelledby="engagement-title">
      <header>
        <h2 id="engagement-title">{t("editor.section.engagement")}</h2>
        <p className="muted small">{t("editor.engagementIntro")}</p>
      </header>
      <RuleList
        path={["engagement"]}
        idsFrom={RULE_LISTS}
        title={(rule) => (isObject(rule) ? textOf(rule.id) : "")}
        summarize={(rule) =>
          isObject(rule)
            ? `${eventOf(rule) || "…"} · ${points(rule.points)}${limitSummary(rule.limit)}${
                decayKind(rule.decay) === "inherit"
                  ? ""
                  : ` · ${t(`editor.decay.${decayKind(rule.decay)}`)}`
              }`
            : ""
        }
        addLabel={t("editor.addEngagementRule")}
        emptyText={t("editor.noEngagementRules")}
        newRule={(id) => ({ id, when: { event: "" }, points: 10 })}
      >
        {(path, rule) => (
          <>
            <TextField
              path={[...path, "id"]}
              label={t("editor.ruleId")}
              hint={t("editor.ruleIdHint")}
            />
            <TextField
              path={[...path, "when", "event"]}
              label={t("editor.eventType")}
              hint={t("editor.eventTypeHint")}
              placeholder="page.viewed"
              read={eventTypesFromText}
            />
            <div className="field">
              <span className="field__label">{t("editor.which")}</span>
              <WhereEditor
                path={[...path, "when", "where"]}
                eventLabel={eventOf(rule) || t("editor.thisEvent")}
              />
            </div>
            <PointsFields path={[...path, "points"]} />
            <LimitFields path={[...path, "limit"]} />
            <DecayFields path={[...path, "decay"]} forRule />
          </>
        )}
      </RuleList>
    </section>
  );
}
