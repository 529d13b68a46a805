import { STAGE_ORDER } from "@leadscore/core";
import { groupOf, leafKind } from "../../../src/model-editor/condition-shape.ts";
import { textOf } from "../../../src/model-editor/field-text.ts";
import { isObject, type Json } from "../../../src/model-editor/json-path.ts";
import { testsOf } from "../../../src/model-editor/predicate-tests.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useStageLabel } from "../badges.tsx";
import { ConditionEditor } from "./condition-editor.tsx";
import { SelectField, TextField } from "./fields.tsx";
import { PointsFields, pointsSummary } from "./points-fields.tsx";
import { RuleList } from "./rule-list.tsx";

const RULE_LISTS = [["fit"], ["engagement"]] as const;
const RULE_STAGES = [...STAGE_ORDER.filter((stage) => stage !== "anonymous"), "disqualified"];

const idOf = (rule: Json) => (isObject(rule) ? textOf(rule.id) : "");

/** `employees ≥ 50 and jobTitle matches …`, short enough for a folded card. */
function useConditionSummary(): (when: Json) => string {
  const { t } = useI18n();
  return (when) => {
    const group = groupOf(when, "stage");
    if (group === null) return t("editor.advancedCondition");
    const parts = group.leaves.map((leaf) => {
      const kind = leafKind(leaf);
      if (!isObject(leaf) || kind === null) return "…";
      if (kind === "event") return t("editor.summary.event", { event: textOf(leaf.event) });
      const subject = kind === "trait" ? textOf(leaf.trait) : t(`editor.kind.${kind}`);
      const tests = testsOf(
        kind === "trait" ? leaf : leaf[kind],
        kind === "trait" ? ["trait"] : [],
      );
      return tests
        .map((test) => `${subject} ${t(`editor.op.${test.op}`)} ${textOf(test.value)}`)
        .join(", ");
    });
    return parts.join(group.combinator === "all" ? ` ${t("editor.and")} ` : ` ${t("editor.or")} `);
  };
}

export function FitSection() {
  const { t } = useI18n();
  const conditionSummary = useConditionSummary();
  const points = pointsSummary(useI18n());
  return (
    <section className="stack" aria-labelledby="fit-title">
      <header>
        <h2 id="fit-title">{t("editor.section.fit")}</h2>
        <p className="muted small">{t("editor.fitIntro")}</p>
      </header>
      <RuleList
        path={["fit"]}
        idsFrom={RULE_LISTS}
        title={idOf}
        summarize={(rule) =>
          isObject(rule) ? `${conditionSummary(rule.when)} → ${points(rule.points)}` : ""
        }
        addLabel={t("editor.addFitRule")}
        emptyText={t("editor.noFitRules")}
        newRule={(id) => ({ id, when: { trait: "", eq: "" }, points: 10 })}
      >
        {(path) => (
          <>
            <TextField
              path={[...path, "id"]}
              label={t("editor.ruleId")}
              hint={t("editor.ruleIdHint")}
            />
            <ConditionEditor path={[...path, "when"]} place="fit" />
            <PointsFields path={[...path, "points"]} />
          </>
        )}
      </RuleList>
    </section>
  );
}

export function StagesSection() {
  const { t } = useI18n();
  const stageLabel = useStageLabel();
  const conditionSummary = useConditionSummary();
  return (
    <section className="stack" aria-labelledby="stages-title">
      <header>
        <h2 id="stages-title">{t("editor.section.stages")}</h2>
        <p className="muted small">{t("editor.stagesIntro")}</p>
      </header>
      <RuleList
        path={["stages"]}
        idsFrom={[]}
        title={(rule) => (isObject(rule) ? stageLabel(textOf(rule.stage)) : "")}
        summarize={(rule) => (isObject(rule) ? conditionSummary(rule.when) : "")}
        addLabel={t("editor.addStageRule")}
        emptyText={t("editor.noStageRules")}
        newRule={() => ({ stage: "mql", when: { score: { gte: 50 } } })}
      >
        {(path) => (
          <>
            <SelectField
              path={[...path, "stage"]}
              label={t("editor.stage")}
              options={RULE_STAGES}
              optionLabel={stageLabel}
            />
            <ConditionEditor path={[...path, "when"]} place="stage" />
          </>
        )}
      </RuleList>
    </section>
  );
}
