import type { ReactNode } from "react";
import { useState } from "react";
import {
  insertIn,
  type Json,
  type JsonPath,
  moveIn,
  removeIn,
} from "../../../src/model-editor/json-path.ts";
import { useI18n } from "../../i18n-context.tsx";
import { useDraft } from "./draft-context.tsx";
import { freshRuleId, RuleCard } from "./rule-card.tsx";

/** A list of rules (fit, engagement or stage) as folded cards, with add, move and delete. */
export function RuleList({
  path,
  title,
  summarize,
  addLabel,
  emptyText,
  newRule,
  children,
  idsFrom,
}: {
  path: JsonPath;
  title: (rule: Json, index: number) => string;
  summarize: (rule: Json) => ReactNode;
  addLabel: string;
  emptyText: string;
  /** A new rule; `id` is unused by every rule of the model. */
  newRule: (id: string) => Json;
  children: (rulePath: JsonPath, rule: Json) => ReactNode;
  /** Rule ids are unique across these lists (fit and engagement share them). */
  idsFrom: readonly JsonPath[];
}) {
  const { t } = useI18n();
  const { get, update } = useDraft();
  const rules = get(path);
  const list = Array.isArray(rules) ? rules : [];
  const [added, setAdded] = useState<number | null>(null);
  const taken = idsFrom.flatMap((other) => {
    const value = get(other);
    return Array.isArray(value) ? value : [];
  });
  return (
    <div className="stack">
      {list.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ol className="plain-list rule-list">
          {list.map((rule, index) => (
            <RuleCard
              // biome-ignore lint/suspicious/noArrayIndexKey: a rule's id is editable, so its place is its identity
              key={index}
              path={[...path, index]}
              title={title(rule, index)}
              summary={summarize(rule)}
              defaultOpen={added === index}
              canMoveUp={index > 0}
              canMoveDown={index < list.length - 1}
              onMove={(offset) => update((document) => moveIn(document, path, index, offset))}
              onRemove={() => update((document) => removeIn(document, [...path, index]))}
            >
              {children([...path, index], rule)}
            </RuleCard>
          ))}
        </ol>
      )}
      <div>
        <button
          type="button"
          className="button"
          onClick={() => {
            setAdded(list.length);
            update((document) => insertIn(document, path, newRule(freshRuleId(taken))));
          }}
        >
          + {addLabel}
        </button>
      </div>
      {list.length > 0 && <p className="small muted">{t("editor.rulesHint")}</p>}
    </div>
  );
}
