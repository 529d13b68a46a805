// The tests on one subject (a trait, a property, a score): a bare value (eq), a bare list (in) or an
// object of operators. Edits keep the bare form while it can say the same thing.
import { PREDICATE_OPS, type PredicateOp } from "@leadscore/core";
import { isObject, type Json, type JsonPath } from "./json-path.ts";

export interface PredicateTest {
  readonly op: PredicateOp;
  readonly value: Json;
  /** Where the value sits, relative to the container (empty for a bare value). */
  readonly path: JsonPath;
}

const OPS: ReadonlySet<string> = new Set(PREDICATE_OPS);
export const isOperator = (key: string): key is PredicateOp => OPS.has(key);

/** The tests of a container; `skip` names keys that are not tests (`trait` on a trait leaf). */
export function testsOf(container: Json, skip: readonly string[] = []): PredicateTest[] {
  if (Array.isArray(container)) return [{ op: "in", value: container, path: [] }];
  if (!isObject(container)) {
    return container === undefined ? [] : [{ op: "eq", value: container, path: [] }];
  }
  return Object.entries(container)
    .filter(([key]) => !skip.includes(key) && isOperator(key))
    .map(([key, value]) => ({ op: key as PredicateOp, value, path: [key] }));
}

/** Whether every key of a container is a test (or skipped): the simple editor can show it. */
export function isSimpleTests(container: Json, skip: readonly string[] = []): boolean {
  if (!isObject(container)) return container !== undefined;
  return Object.keys(container).every((key) => skip.includes(key) || isOperator(key));
}

function rebuild(
  container: Json,
  tests: readonly { op: PredicateOp; value: Json }[],
  skip: readonly string[],
): Json {
  const kept = isObject(container)
    ? Object.fromEntries(Object.entries(container).filter(([key]) => skip.includes(key)))
    : {};
  const only = tests[0];
  if (skip.length === 0 && tests.length === 1 && only !== undefined) {
    const scalar = only.value === null || typeof only.value !== "object";
    if (only.op === "eq" && scalar) return only.value;
    if (only.op === "in" && Array.isArray(only.value)) return only.value;
  }
  const object: Record<string, Json> = { ...kept };
  for (const test of tests) object[test.op] = test.value;
  return object;
}

/** A new container with test `index` changed (its operator, its value, or both). */
export function changeTest(
  container: Json,
  index: number,
  change: { op?: PredicateOp; value?: Json },
  skip: readonly string[] = [],
): Json {
  const tests = testsOf(container, skip).map((test, i) =>
    i === index
      ? { op: change.op ?? test.op, value: "value" in change ? change.value : test.value }
      : test,
  );
  return rebuild(container, tests, skip);
}

export function addTest(
  container: Json,
  test: { op: PredicateOp; value: Json },
  skip: readonly string[] = [],
): Json {
  const tests = testsOf(container, skip).filter((t) => t.op !== test.op);
  return rebuild(container, [...tests, test], skip);
}

export function removeTest(container: Json, index: number, skip: readonly string[] = []): Json {
  return rebuild(
    container,
    testsOf(container, skip).filter((_, i) => i !== index),
    skip,
  );
}

/** The value a new test of `op` starts with, converted from the old one where it can be. */
export function valueForOperator(op: PredicateOp, previous: Json): Json {
  switch (op) {
    case "in":
    case "notIn":
      return Array.isArray(previous)
        ? previous
        : previous === undefined || previous === ""
          ? []
          : [previous];
    case "exists":
      return typeof previous === "boolean" ? previous : true;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return typeof previous === "number"
        ? previous
        : Array.isArray(previous)
          ? (previous[0] ?? "")
          : (previous ?? "");
    default:
      return Array.isArray(previous)
        ? (previous[0] ?? "")
        : typeof previous === "boolean"
          ? String(previous)
          : (previous ?? "");
  }
}
