import { pluralKey } from "../../../src/i18n/plural.ts";
import { type JsonPath, pathKey } from "../../../src/model-editor/json-path.ts";
import { problemText } from "../../../src/model-editor/problem-message.ts";
import { useI18n } from "../../i18n-context.tsx";
import { fieldId, useDraft } from "./draft-context.tsx";

export const EDITOR_TABS = [
  "general",
  "bands",
  "fit",
  "engagement",
  "decay",
  "stages",
  "source",
  "review",
] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

/** The tab that shows the field at `path`. */
export function tabOf(path: JsonPath): EditorTab {
  const section = path[0];
  if (section === "name" || section === "id" || section === "scale" || section === undefined)
    return "general";
  if (
    section === "bands" ||
    section === "fit" ||
    section === "engagement" ||
    section === "decay" ||
    section === "stages"
  ) {
    return section;
  }
  return "source";
}

/** Focuses the input of `path`, or of the closest part of the path that has one. */
export function focusField(path: JsonPath): void {
  for (let length = path.length; length >= 0; length -= 1) {
    const element = document.getElementById(fieldId(path.slice(0, length)));
    if (element !== null) {
      element.closest("details")?.setAttribute("open", "");
      element.focus();
      element.scrollIntoView({ block: "center" });
      return;
    }
  }
}

/** Every problem of the draft, each a button that opens its tab and focuses its field. */
export function ProblemsSummary({ onShow }: { onShow: (tab: EditorTab, path: JsonPath) => void }) {
  const { t, locale } = useI18n();
  const { problems } = useDraft();
  if (problems.all.length === 0) return null;
  return (
    <section className="alert alert--error problems-summary" aria-labelledby="problems-title">
      <h2 id="problems-title" className="problems-summary__title">
        {t(pluralKey(locale, "editor.problemsTitle", problems.all.length), {
          count: problems.all.length,
        })}
      </h2>
      <ul className="plain-list">
        {problems.all.slice(0, 8).map((problem) => {
          const text = problemText(problem.message);
          return (
            <li key={`${pathKey(problem.path)}:${problem.message}`}>
              <button
                type="button"
                className="link-button"
                onClick={() => onShow(tabOf(problem.path), problem.path)}
              >
                {t(`editor.tab.${tabOf(problem.path)}`)} ·{" "}
                <code>{problem.path.join(".") || "—"}</code>
              </button>{" "}
              <span lang={text === null ? "en" : undefined}>
                {text === null ? problem.message : t(text.key, text.params)}
              </span>
            </li>
          );
        })}
      </ul>
      {problems.all.length > 8 && (
        <p className="small">{t("editor.moreProblems", { count: problems.all.length - 8 })}</p>
      )}
    </section>
  );
}
