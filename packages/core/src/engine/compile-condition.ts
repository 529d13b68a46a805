// Conditions compiled to closures specialised at compile time: the operator, the expected value's type, the
// field's path and the number of parts are decided once, so evaluating a condition allocates nothing and
// interprets nothing. interpret-condition.ts holds the plain definition they are tested against.
import type { Condition, Test } from "../model/model-types.ts";
import type { Fields } from "./field-values.ts";
import { present, readField, toNumber } from "./field-values.ts";

export type { Fields } from "./field-values.ts";
export { readField } from "./field-values.ts";

export type FieldTest = (value: unknown) => boolean;

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

/** `equals(v, expected)` with the branch on the expected value's type taken once. */
function equalsTo(expected: unknown): FieldTest {
  if (expected === null) return (v) => v === null || v === undefined;
  if (typeof expected === "number")
    return (v) => (typeof v === "number" ? v === expected : toNumber(v) === expected);
  if (typeof expected === "string")
    return (v) =>
      v === expected ||
      ((typeof v === "number" || typeof v === "boolean") && String(v) === expected);
  if (typeof expected === "boolean") {
    const text = String(expected);
    return (v) => v === expected || v === text;
  }
  return (v) => v === expected;
}

/** `options.some((o) => equals(v, o))` without a callback per call; string lists compare directly. */
function equalsAny(options: readonly unknown[]): FieldTest {
  if (options.every((o) => typeof o === "string")) {
    const texts = options as readonly string[];
    return (v) => {
      // A string equals a string option only if identical; numbers and booleans compare by their text.
      const text =
        typeof v === "string"
          ? v
          : typeof v === "number" || typeof v === "boolean"
            ? String(v)
            : null;
      if (text === null) return false;
      for (let i = 0; i < texts.length; i++) if (texts[i] === text) return true;
      return false;
    };
  }
  const tests = options.map(equalsTo);
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
    return false;
  };
}

/** Compiles one operator test to a closure; a missing value fails every test but `ne`, `notIn` and `exists: false`. */
export function compileTest(test: Test): FieldTest {
  const expected = test.value;
  switch (test.op) {
    case "eq":
      return equalsTo(expected);
    case "ne": {
      const eq = equalsTo(expected);
      return (v) => !eq(v);
    }
    case "in":
      return equalsAny(expected as readonly unknown[]);
    case "notIn": {
      const anyOf = equalsAny(expected as readonly unknown[]);
      return (v) => !anyOf(v);
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
      // Lower-cased once here; V8's toLowerCase returns an already lower-case string itself, unallocated.
      const needle = String(expected).toLowerCase();
      const eq = equalsTo(expected);
      return (v) => {
        if (typeof v === "string") return v.toLowerCase().includes(needle);
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (eq(v[i])) return true;
        return false;
      };
    }
    case "startsWith": {
      const prefix = String(expected).toLowerCase();
      return (v) => typeof v === "string" && v.toLowerCase().startsWith(prefix);
    }
    case "matches": {
      // Compiled once; without the g or y flag `test` keeps no state between calls.
      const pattern = new RegExp(String(expected), "i");
      return (v) =>
        typeof v === "string" ? pattern.test(v) : typeof v === "number" && pattern.test(String(v));
    }
    case "exists":
      return expected === true ? present : (v) => !present(v);
  }
}

/** Several tests on one subject, all required. */
export function compileTests(tests: readonly Test[]): FieldTest {
  const compiled = tests.map(compileTest);
  if (compiled.length === 0) return () => true;
  if (compiled.length === 1) return compiled[0]!;
  if (compiled.length === 2) {
    const [first, second] = compiled as [FieldTest, FieldTest];
    return (v) => first(v) && second(v);
  }
  return (v) => {
    for (let i = 0; i < compiled.length; i++) if (!compiled[i]!(v)) return false;
    return true;
  };
}

type Reader = (record: Fields) => unknown;

/** A flat name is one keyed load; only a dotted name needs readField's walk. */
function readerOf(name: string): Reader {
  if (name.includes(".")) return (record) => readField(record, name);
  return (record) => (record === undefined ? undefined : record[name]);
}

function compileAll(parts: readonly CompiledCondition[]): CompiledCondition {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [first, second] = parts as [CompiledCondition, CompiledCondition];
    return (input) => first(input) && second(input);
  }
  return (input) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(input)) return false;
    return true;
  };
}

function compileAny(parts: readonly CompiledCondition[]): CompiledCondition {
  if (parts.length === 1) return parts[0]!;
  return (input) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(input)) return true;
    return false;
  };
}

function compileMetric(metric: "score" | "fit" | "engagement", test: FieldTest): CompiledCondition {
  // One closure per metric: a fixed property name is a monomorphic load on the one scratch input.
  if (metric === "score") return (input) => test(input.score);
  if (metric === "fit") return (input) => test(input.fit);
  return (input) => test(input.engagement);
}

/** Compiles a condition tree. `eventBit` gives the bit of each stage event condition, in tree order. */
export function compileCondition(
  condition: Condition,
  eventBit: (c: Condition) => number = () => 0,
): CompiledCondition {
  switch (condition.kind) {
    case "all":
      return compileAll(condition.of.map((c) => compileCondition(c, eventBit)));
    case "any":
      return compileAny(condition.of.map((c) => compileCondition(c, eventBit)));
    case "not": {
      const inner = compileCondition(condition.of, eventBit);
      return (input) => !inner(input);
    }
    case "trait": {
      const test = compileTests(condition.tests);
      const read = readerOf(condition.name);
      return (input) => test(read(input.traits));
    }
    case "property": {
      const test = compileTests(condition.tests);
      const read = readerOf(condition.name);
      return (input) => test(read(input.properties));
    }
    case "metric":
      return compileMetric(condition.metric, compileTests(condition.tests));
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
