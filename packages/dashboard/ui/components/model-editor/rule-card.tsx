import type { ReactNode } from "react";
import { useState } from "react";
import { pluralKey } from "../../../src/i18n/plural.ts";
import type { JsonPath } from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";

/**
 * One rule, folded to a summary line; it opens by itself when it has a problem, so errors are
 * never hidden. Keyboard: the summary is a button; move and delete are plain buttons.
 */
export function RuleCard({
  path,
  title,
  summary,
  defaultOpen = false,
  onMove,
  onRemove,
  canMoveUp,
  canMoveDown,
  children,
}: {
  path: JsonPath;
  title: string;
  summary: ReactNode;
  defaultOpen?: boolean;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
  canMoveUp: boolean;
  canMoveDown: boolean;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const { problems } = useDraft();
  const count = problems.under(path).length;
  const [open, setOpen] = useState(defaultOpen);
  return (
    <li className={`rule-card${count > 0 ? " rule-card--invalid" : ""}`}>
      <details open={open || count > 0} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary className="rule-card__summary">
          <span className="rule-card__title">{title || t("editor.untitledRule")}</span>
          <span className="rule-card__gist muted small">{summary}</span>
          {count > 0 && (
            <span className="badge badge--danger">
              {t(pluralKey(locale, "editor.problemCount", count), { count })}
            </span>
          )}
        </summary>
        <div className="rule-card__body stack">
          {children}
          <div className="button-row button-row--end">
            <button
              type="button"
              className="button button--small"
              disabled={!canMoveUp}
              onClick={() => onMove(-1)}
            >
              ↑ {t("editor.moveUp")}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={!canMoveDown}
              onClick={() => onMove(1)}
            >
              ↓ {t("editor.moveDown")}
            </button>
            <button
              type="button"
              className="button button--small button--danger-ghost"
              onClick={onRemove}
            >
              {t("editor.removeRule", { rule: title || t("editor.untitledRule") })}
            </button>
          </div>
        </div>
      </details>
    </li>
  );
}

/** An id not used by any rule yet: `rule-1`, `rule-2`… */
export function freshRuleId(taken: readonly unknown[], prefix = "rule"): string {
  const ids = new Set(
    taken.map((rule) =>
      typeof rule === "object" && rule !== null ? String((rule as { id?: unknown }).id) : "",
    ),
  );
  let n = 1;
  while (ids.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}
