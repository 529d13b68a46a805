// The conditions the structured editor shows: "all" or "any" of a list of simple conditions (a
// trait test, a score/fit/engagement threshold, an event that happened). Anything deeper (`not`,
// nested groups) is edited as YAML, so no condition is ever out of reach.
import { isObject, type Json, type JsonPath } from "./json-path.ts";
import { isSimpleTests } from "./predicate-tests.ts";

export const METRICS = ["score", "fit", "engagement"] as const;
export type Metric = (typeof METRICS)[number];
export type LeafKind = "trait" | Metric | "event";
export type ConditionPlace = "fit" | "stage";
export type Combinator = "all" | "any";

const isMetric = (key: string): key is Metric => (METRICS as readonly string[]).includes(key);

export function leafKind(leaf: Json): LeafKind | null {
  if (!isObject(leaf)) return null;
  if ("trait" in leaf) return "trait";
  if ("event" in leaf) return "event";
  const keys = Object.keys(leaf);
  const first = keys[0];
  return keys.length === 1 && first !== undefined && isMetric(first) ? first : null;
}

/** A `where` map of property tests the structured editor can show (no `all`/`any`/`not` inside). */
export function isSimpleWhere(where: Json): boolean {
  if (where === undefined || where === null) return true;
  if (!isObject(where)) return false;
  return Object.entries(where).every(
    ([key, tests]) => !["all", "any", "not"].includes(key) && isSimpleTests(tests),
  );
}

function isSimpleLeaf(leaf: Json, place: ConditionPlace): boolean {
  const kind = leafKind(leaf);
  if (kind === null || !isObject(leaf)) return false;
  if (kind === "trait") return typeof leaf.trait === "string" && isSimpleTests(leaf, ["trait"]);
  if (place === "fit") return false;
  if (kind === "event") {
    const keysOk = Object.keys(leaf).every((key) => key === "event" || key === "where");
    const types = leaf.event;
    const typesOk =
      typeof types === "string" ||
      (Array.isArray(types) && types.every((type) => typeof type === "string"));
    return keysOk && typesOk && isSimpleWhere(leaf.where);
  }
  return isSimpleTests(leaf[kind]);
}

export interface ConditionGroup {
  readonly combinator: Combinator;
  readonly leaves: readonly Json[];
}

/** The condition as a group of simple conditions, or null when it needs the YAML editor. */
export function groupOf(when: Json, place: ConditionPlace): ConditionGroup | null {
  if (when === undefined) return { combinator: "all", leaves: [] };
  if (isObject(when)) {
    const keys = Object.keys(when);
    const combinator = keys[0];
    if (keys.length === 1 && (combinator === "all" || combinator === "any")) {
      const leaves = when[combinator];
      return Array.isArray(leaves) && leaves.every((leaf) => isSimpleLeaf(leaf, place))
        ? { combinator, leaves }
        : null;
    }
  }
  return isSimpleLeaf(when, place) ? { combinator: "all", leaves: [when] } : null;
}

/** Where leaf `index` of a group lives, relative to the condition. */
export function leafPath(when: Json, index: number): JsonPath {
  if (isObject(when)) {
    if (Array.isArray(when.all)) return ["all", index];
    if (Array.isArray(when.any)) return ["any", index];
  }
  return [];
}

/** The condition for a group: a single condition stands alone, several sit under the combinator. */
export function writeGroup(group: ConditionGroup): Json {
  if (group.leaves.length === 0) return undefined;
  if (group.leaves.length === 1) return group.leaves[0];
  return { [group.combinator]: group.leaves };
}

export function newLeaf(kind: LeafKind): Json {
  switch (kind) {
    case "trait":
      return { trait: "", eq: "" };
    case "event":
      return { event: "" };
    default:
      return { [kind]: { gte: 0 } };
  }
}

/** A leaf turned into another kind keeps nothing of the old one except, for metrics, its tests. */
export function changeLeafKind(leaf: Json, kind: LeafKind): Json {
  const from = leafKind(leaf);
  if (from === kind) return leaf;
  if (from !== null && from !== "trait" && from !== "event" && isObject(leaf) && isMetric(kind)) {
    return { [kind]: leaf[from] };
  }
  return newLeaf(kind);
}
