// What changes between two versions of a model: the scoring core's semantic diff (rules by id,
// settings by value, so `15m` and `900000ms` are no change), shown with the readable document parts.
import { diffModels, parseModel } from "@leadscore/core";
import { isObject, type Json } from "./json-path.ts";

export type ChangeSection =
  | "id"
  | "name"
  | "scale"
  | "bands"
  | "decay"
  | "stages"
  | "grading"
  | "fit"
  | "engagement";

export interface ModelChangeView {
  readonly kind: "added" | "removed" | "changed";
  readonly section: ChangeSection;
  /** The rule's id for fit and engagement changes. */
  readonly ruleId: string | null;
  /** Top-level keys of the rule that changed (`points`, `limit`…); empty for whole settings. */
  readonly fields: readonly string[];
  readonly before: Json;
  readonly after: Json;
}

function ruleOf(document: Json, section: "fit" | "engagement", id: string): Json {
  const rules = isObject(document) ? document[section] : undefined;
  return Array.isArray(rules) ? rules.find((rule) => isObject(rule) && rule.id === id) : undefined;
}

function changedFields(before: Json, after: Json): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** The changes from `before` to `after`, or null when either does not validate. */
export function describeChanges(before: Json, after: Json): ModelChangeView[] | null {
  const a = parseModel(before);
  const b = parseModel(after);
  if (!a.ok || !b.ok) return null;
  return diffModels(a.value, b.value).map((change) => {
    const section = change.path[0] as ChangeSection;
    if (section === "fit" || section === "engagement") {
      const ruleId = String(change.path[1]);
      const was = ruleOf(before, section, ruleId);
      const now = ruleOf(after, section, ruleId);
      return {
        kind: change.kind,
        section,
        ruleId,
        fields: change.kind === "changed" ? changedFields(was, now) : [],
        before: was,
        after: now,
      };
    }
    return {
      kind: change.kind,
      section,
      ruleId: null,
      fields: [],
      before: isObject(before) ? before[section] : undefined,
      after: isObject(after) ? after[section] : undefined,
    };
  });
}
