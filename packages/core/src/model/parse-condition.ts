import type { Condition, PredicateOp, Test } from "./model-types.ts";
import { PREDICATE_OPS } from "./model-types.ts";
import type { Path, ProblemList } from "./problems.ts";
import { describe, isRecord } from "./problems.ts";

/** Where a condition appears decides which subjects it may test. */
export type ConditionContext = "fit" | "stage" | "where";

const OPS: ReadonlySet<string> = new Set(PREDICATE_OPS);
const METRICS = ["score", "fit", "engagement"] as const;

function isScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function parseTest(
  op: PredicateOp,
  value: unknown,
  path: Path,
  problems: ProblemList,
): Test | null {
  switch (op) {
    case "eq":
    case "ne":
      if (isScalar(value)) return { op, value };
      problems.add(path, `"${op}" needs a string, number, boolean or null, got ${describe(value)}`);
      return null;
    case "in":
    case "notIn":
      if (Array.isArray(value) && value.every(isScalar)) return { op, value };
      problems.add(path, `"${op}" needs a list of plain values, got ${describe(value)}`);
      return null;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (typeof value === "number" && Number.isFinite(value)) return { op, value };
      problems.add(path, `"${op}" needs a number, got ${describe(value)}`);
      return null;
    case "contains":
    case "startsWith":
      if (typeof value === "string" || (op === "contains" && isScalar(value))) return { op, value };
      problems.add(path, `"${op}" needs a string, got ${describe(value)}`);
      return null;
    case "matches":
      if (typeof value !== "string") {
        problems.add(
          path,
          `"matches" needs a regular expression as a string, got ${describe(value)}`,
        );
        return null;
      }
      try {
        new RegExp(value, "i");
      } catch (error) {
        problems.add(path, `bad regular expression: ${(error as Error).message}`);
        return null;
      }
      return { op, value };
    case "exists":
      if (typeof value === "boolean") return { op, value };
      problems.add(path, `"exists" needs true or false, got ${describe(value)}`);
      return null;
  }
}

/** Parses the operator keys of `node` (all other keys are `skip`ped); a bare value means `eq`. */
export function parseTests(
  node: unknown,
  path: Path,
  problems: ProblemList,
  skip: readonly string[] = [],
): Test[] {
  if (!isRecord(node)) {
    if (Array.isArray(node)) return [{ op: "in", value: node }];
    if (isScalar(node)) return [{ op: "eq", value: node }];
    problems.add(path, `expected a value or a predicate object, got ${describe(node)}`);
    return [];
  }
  const tests: Test[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (skip.includes(key)) continue;
    if (!OPS.has(key)) {
      problems.add(
        [...path, key],
        `unknown predicate "${key}"; expected one of ${PREDICATE_OPS.join(", ")}`,
      );
      continue;
    }
    const test = parseTest(key as PredicateOp, value, [...path, key], problems);
    if (test !== null) tests.push(test);
  }
  return tests;
}

function parseEventTypes(node: unknown, path: Path, problems: ProblemList): string[] {
  const list = Array.isArray(node) ? node : [node];
  const types = list.filter((item): item is string => typeof item === "string" && item.length > 0);
  if (types.length !== list.length || types.length === 0) {
    problems.add(path, "an event type is a non-empty string (or a list of them)");
  }
  return types;
}

/** Parses a `where` map: property name → bare value or predicate object; `all any not` nest. */
export function parseWhere(node: unknown, path: Path, problems: ProblemList): Condition | null {
  if (node === undefined || node === null) return null;
  if (!isRecord(node)) {
    problems.add(
      path,
      `"where" is a map of property names to values or predicates, got ${describe(node)}`,
    );
    return null;
  }
  const of: Condition[] = [];
  for (const [name, value] of Object.entries(node)) {
    if (name === "all" || name === "any" || name === "not") {
      const parsed = parseCondition({ [name]: value }, path, problems, "where");
      if (parsed !== null) of.push(parsed);
      continue;
    }
    of.push({ kind: "property", name, tests: parseTests(value, [...path, name], problems) });
  }
  return of.length === 1 ? (of[0] ?? null) : { kind: "all", of };
}

function checkOnly(
  node: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  path: Path,
  problems: ProblemList,
): void {
  for (const key of Object.keys(node)) {
    if (!keys.includes(key)) problems.add([...path, key], `unexpected key "${key}" here`);
  }
}

/** Parses one condition of a fit rule, a stage rule, or a `where` combinator. */
export function parseCondition(
  node: unknown,
  path: Path,
  problems: ProblemList,
  context: ConditionContext,
): Condition | null {
  if (!isRecord(node)) {
    problems.add(path, `expected a condition object, got ${describe(node)}`);
    return null;
  }
  for (const combinator of ["all", "any"] as const) {
    if (combinator in node) {
      checkOnly(node, [combinator], path, problems);
      const list = node[combinator];
      if (!Array.isArray(list) || list.length === 0) {
        problems.add([...path, combinator], `"${combinator}" needs a non-empty list of conditions`);
        return null;
      }
      const parse = (item: unknown, index: number) =>
        context === "where"
          ? parseWhere(item, [...path, combinator, index], problems)
          : parseCondition(item, [...path, combinator, index], problems, context);
      const of = list.map(parse).filter((c): c is Condition => c !== null);
      return { kind: combinator, of };
    }
  }
  if ("not" in node) {
    checkOnly(node, ["not"], path, problems);
    const inner =
      context === "where"
        ? parseWhere(node.not, [...path, "not"], problems)
        : parseCondition(node.not, [...path, "not"], problems, context);
    return inner === null ? null : { kind: "not", of: inner };
  }
  if (context !== "where" && "trait" in node) {
    if (typeof node.trait !== "string" || node.trait.length === 0) {
      problems.add([...path, "trait"], "a trait name is a non-empty string");
      return null;
    }
    const tests = parseTests(node, path, problems, ["trait"]);
    return {
      kind: "trait",
      name: node.trait,
      tests: tests.length > 0 ? tests : [{ op: "exists", value: true }],
    };
  }
  if (context === "stage") {
    for (const metric of METRICS) {
      if (metric in node) {
        checkOnly(node, [metric], path, problems);
        return {
          kind: "metric",
          metric,
          tests: parseTests(node[metric], [...path, metric], problems),
        };
      }
    }
    if ("event" in node) {
      checkOnly(node, ["event", "where"], path, problems);
      const types = parseEventTypes(node.event, [...path, "event"], problems);
      return { kind: "event", types, where: parseWhere(node.where, [...path, "where"], problems) };
    }
  }
  const expected =
    context === "stage"
      ? "all, any, not, trait, event, score, fit or engagement"
      : "all, any, not or trait";
  problems.add(
    path,
    `unknown condition (keys: ${Object.keys(node).join(", ") || "none"}); expected ${expected}`,
  );
  return null;
}

/** Parses `{ event, where? }`: the trigger of an engagement rule or a high-intent matcher. */
export function parseEventMatcher(
  node: unknown,
  path: Path,
  problems: ProblemList,
): { types: string[]; where: Condition | null } | null {
  if (typeof node === "string")
    return { types: parseEventTypes(node, path, problems), where: null };
  if (!isRecord(node) || !("event" in node)) {
    problems.add(path, `expected { event: <type>, where?: {...} }, got ${describe(node)}`);
    return null;
  }
  checkOnly(node, ["event", "where"], path, problems);
  const types = parseEventTypes(node.event, [...path, "event"], problems);
  return { types, where: parseWhere(node.where, [...path, "where"], problems) };
}
