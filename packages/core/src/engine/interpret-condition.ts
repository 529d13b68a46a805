// The reference semantics of conditions: a plain interpreter, straight from the model language's definition.
// The engine never calls it; tests check that compile-condition.ts's specialised closures agree with it.
import type { Condition, Test } from "../model/model-types.ts";
import type { ConditionInput } from "./compile-condition.ts";
import { equals, present, readField, toNumber } from "./field-values.ts";

/** One operator test; a missing value fails every test but `ne`, `notIn` and `exists: false`. */
export function interpretTest(test: Test, value: unknown): boolean {
  const expected = test.value;
  switch (test.op) {
    case "eq":
      return equals(value, expected);
    case "ne":
      return !equals(value, expected);
    case "in":
      return (expected as readonly unknown[]).some((o) => equals(value, o));
    case "notIn":
      return !(expected as readonly unknown[]).some((o) => equals(value, o));
    case "gt":
      return toNumber(value) > (expected as number);
    case "gte":
      return toNumber(value) >= (expected as number);
    case "lt":
      return toNumber(value) < (expected as number);
    case "lte":
      return toNumber(value) <= (expected as number);
    case "contains":
      return Array.isArray(value)
        ? value.some((item) => equals(item, expected))
        : typeof value === "string" && value.toLowerCase().includes(String(expected).toLowerCase());
    case "startsWith":
      return (
        typeof value === "string" && value.toLowerCase().startsWith(String(expected).toLowerCase())
      );
    case "matches":
      return (
        (typeof value === "string" || typeof value === "number") &&
        new RegExp(String(expected), "i").test(String(value))
      );
    case "exists":
      return expected === true ? present(value) : !present(value);
  }
}

/** Evaluates a condition tree. `eventBit` gives the bit of each stage event condition, as the compiler does. */
export function interpretCondition(
  condition: Condition,
  input: ConditionInput,
  eventBit: (c: Condition) => number = () => 0,
): boolean {
  switch (condition.kind) {
    case "all":
      return condition.of.every((c) => interpretCondition(c, input, eventBit));
    case "any":
      return condition.of.some((c) => interpretCondition(c, input, eventBit));
    case "not":
      return !interpretCondition(condition.of, input, eventBit);
    case "trait":
      return condition.tests.every((t) =>
        interpretTest(t, readField(input.traits, condition.name)),
      );
    case "property":
      return condition.tests.every((t) =>
        interpretTest(t, readField(input.properties, condition.name)),
      );
    case "metric":
      return condition.tests.every((t) => interpretTest(t, input[condition.metric]));
    case "event":
      return (input.seenEvents & eventBit(condition)) !== 0;
  }
}
