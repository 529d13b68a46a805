import type { Condition, Test } from "../model/model-types.ts";

export type Fields = Readonly<Record<string, unknown>> | undefined;
export type FieldTest = (value: unknown) => boolean;

/** Reads `name` from a record; a dotted name walks nested objects when no flat key matches. */
export function readField(record: Fields, name: string): unknown {
  if (record === undefined) return undefined;
  const direct = record[name];
  if (direct !== undefined || !name.includes(".")) return direct;
  let current: unknown = record;
  for (const part of name.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}

function equals(value: unknown, expected: unknown): boolean {
  if (value === expected) return true;
  if (expected === null) return value === undefined;
  if (typeof expected === "number") return toNumber(value) === expected;
  if (typeof expected === "string")
    return (typeof value === "number" || typeof value === "boolean") && String(value) === expected;
  if (typeof expected === "boolean") return value === String(expected);
  return false;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** Compiles one operator test to a closure; a missing value fails every test but `ne`, `notIn` and `exists: false`. */
export function compileTest(test: Test): FieldTest {
  const expected = test.value;
  switch (test.op) {
    case "eq":
      return (v) => equals(v, expected);
    case "ne":
      return (v) => !equals(v, expected);
    case "in": {
      const options = expected as readonly unknown[];
      return (v) => options.some((o) => equals(v, o));
    }
    case "notIn": {
      const options = expected as readonly unknown[];
      return (v) => !options.some((o) => equals(v, o));
    }
    case "gt": {
      const limit = expected as number;
      return (v) => toNumber(v) > limit;
    }
    case "gte": {
      const limit = expected as number;
      return (v) => toNumber(v) >= limit;
    }
    case "lt": {
      const limit = expected as number;
      return (v) => toNumber(v) < limit;
    }
    case "lte": {
      const limit = expected as number;
      return (v) => toNumber(v) <= limit;
    }
    case "contains": {
      const needle = String(expected).toLowerCase();
      return (v) =>
        Array.isArray(v)
          ? v.some((item) => equals(item, expected))
          : typeof v === "string" && v.toLowerCase().includes(needle);
    }
    case "startsWith": {
      const prefix = String(expected).toLowerCase();
      return (v) => typeof v === "string" && v.toLowerCase().startsWith(prefix);
    }
    case "matches": {
      const pattern = new RegExp(String(expected), "i");
      return (v) => (typeof v === "string" || typeof v === "number") && pattern.test(String(v));
    }
    case "exists":
      return expected === true ? present : (v) => !present(v);
  }
}

export function compileTests(tests: readonly Test[]): FieldTest {
  const compiled = tests.map(compileTest);
  if (compiled.length === 1) return compiled[0] ?? (() => true);
  return (v) => compiled.every((t) => t(v));
}

/** What a condition may look at. Stage conditions see the metrics and the seen event conditions. */
export interface ConditionInput {
  traits: Fields;
  properties: Fields;
  score: number;
  fit: number;
  engagement: number;
  seenEvents: number;
}

export type CompiledCondition = (input: ConditionInput) => boolean;

/** Compiles a condition tree. `eventBit` gives the bit of each stage event condition, in tree order. */
export function compileCondition(
  condition: Condition,
  eventBit: (c: Condition) => number = () => 0,
): CompiledCondition {
  switch (condition.kind) {
    case "all": {
      const parts = condition.of.map((c) => compileCondition(c, eventBit));
      return (input) => parts.every((p) => p(input));
    }
    case "any": {
      const parts = condition.of.map((c) => compileCondition(c, eventBit));
      return (input) => parts.some((p) => p(input));
    }
    case "not": {
      const inner = compileCondition(condition.of, eventBit);
      return (input) => !inner(input);
    }
    case "trait": {
      const test = compileTests(condition.tests);
      const name = condition.name;
      return (input) => test(readField(input.traits, name));
    }
    case "property": {
      const test = compileTests(condition.tests);
      const name = condition.name;
      return (input) => test(readField(input.properties, name));
    }
    case "metric": {
      const test = compileTests(condition.tests);
      const metric = condition.metric;
      return (input) => test(input[metric]);
    }
    case "event": {
      const bit = eventBit(condition);
      return (input) => (input.seenEvents & bit) !== 0;
    }
  }
}

/** Trait names a condition reads, for the ledger's explanation of fit points. */
export function traitsOf(condition: Condition): string[] {
  switch (condition.kind) {
    case "all":
    case "any":
      return [...new Set(condition.of.flatMap(traitsOf))];
    case "not":
      return traitsOf(condition.of);
    case "trait":
      return [condition.name];
    default:
      return [];
  }
}
