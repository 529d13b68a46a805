import type { KeyboardEvent } from "react";
import { pluralKey } from "../../../src/i18n/plural.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";
import { EDITOR_TABS, type EditorTab, tabOf } from "./problems-summary.tsx";

/** The editor's sections as tabs (arrow keys move between them), each with its problem count. */
export function EditorTabs({
  tab,
  onSelect,
}: {
  tab: EditorTab;
  onSelect: (tab: EditorTab) => void;
}) {
  const { t, locale } = useI18n();
  const { problems } = useDraft();
  const counts = new Map<EditorTab, number>();
  for (const problem of problems.all) {
    const owner = tabOf(problem.path);
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const move = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = EDITOR_TABS.indexOf(tab);
    const next =
      event.key === "ArrowRight"
        ? index + 1
        : event.key === "ArrowLeft"
          ? index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? EDITOR_TABS.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const target = EDITOR_TABS[(next + EDITOR_TABS.length) % EDITOR_TABS.length]!;
    onSelect(target);
    document.getElementById(`tab-${target}`)?.focus();
  };
  return (
    <div className="tabs editor-tabs" role="tablist" aria-label={t("editor.sections")}>
      {EDITOR_TABS.map((name) => {
        const count = counts.get(name) ?? 0;
        return (
          <button
            key={name}
            id={`tab-${name}`}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={tab === name}
            aria-controls="editor-panel"
            tabIndex={tab === name ? 0 : -1}
            onKeyDown={move}
            onClick={() => onSelect(name)}
          >
            {t(`editor.tab.${name}`)}
            {count > 0 && (
              <span className="badge badge--danger tab-count">
                <span aria-hidden="true">{count}</span>
                <span className="visually-hidden">
                  {t(pluralKey(locale, "editor.problemCount", count), { count })}
                </span>
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
