import type { ModelChangeView } from "../../../src/model-editor/describe-changes.ts";
import { useI18n } from "../../i18n-context.tsx";
import { toYaml } from "./yaml-field.tsx";

/** What changed between two versions, rule by rule, with the before and after as YAML. */
export function ChangesList({
  changes,
  beforeLabel,
  afterLabel,
}: {
  changes: readonly ModelChangeView[];
  beforeLabel: string;
  afterLabel: string;
}) {
  const { t } = useI18n();
  if (changes.length === 0) return <p className="muted">{t("diff.none")}</p>;
  return (
    <ul className="plain-list changes">
      {changes.map((change) => (
        <li
          key={`${change.section}:${change.ruleId ?? ""}`}
          className={`change change--${change.kind}`}
        >
          <p className="change__title">
            <span
              className={`badge badge--${change.kind === "added" ? "info" : change.kind === "removed" ? "danger" : "warning"}`}
            >
              {t(`diff.kind.${change.kind}`)}
            </span>{" "}
            <span className="strong">
              {change.ruleId === null
                ? t(`diff.section.${change.section}`)
                : t(`diff.rule.${change.section === "fit" ? "fit" : "engagement"}`, {
                    rule: change.ruleId,
                  })}
            </span>
            {change.fields.length > 0 && (
              <span className="muted small">
                {" "}
                · {t("diff.fields", { fields: change.fields.join(", ") })}
              </span>
            )}
          </p>
          <div className="change__sides">
            {change.before !== undefined && (
              <div>
                <p className="small muted">{beforeLabel}</p>
                <pre className="code-block">{toYaml(change.before)}</pre>
              </div>
            )}
            {change.after !== undefined && (
              <div>
                <p className="small muted">{afterLabel}</p>
                <pre className="code-block">{toYaml(change.after)}</pre>
              </div>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
