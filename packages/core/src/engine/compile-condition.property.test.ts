import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, Test } from "../model/model-types.ts";
import { PREDICATE_OPS } from "../model/model-types.ts";
import type { ConditionInput } from "./compile-condition.ts";
import { compileCondition, compileTest } from "./compile-condition.ts";
import { interpretCondition, interpretTest } from "./interpret-condition.ts";

// Values chosen to meet each other: the same texts as strings, numbers and booleans, cases, arrays, gaps.
const scalar = fc.constantFrom<unknown>(
  "a",
  "A",
  "abc",
  "/Pricing",
  "/pricing/plans",
  "50",
  " ",
  "",
  "true",
  "false",
  "null",
  50,
  0,
  -1,
  1.5,
  true,
  false,
  null,
  undefined,
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.string({ maxLength: 4 }));
const expectedFor = (op: Test["op"]): fc.Arbitrary<unknown> => {
  switch (op) {
    case "in":
    case "notIn":
      return fc.array(scalar, { maxLength: 3 });
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(1.5, 50));
    case "exists":
      return fc.boolean();
    case "matches":
      return fc.constantFrom("a|b", "^\\d+$", "pric", "^$", "TRUE");
    default:
      return fc.oneof(scalar, fc.string({ maxLength: 3 }));
  }
};
const testArb: fc.Arbitrary<Test> = fc
  .constantFrom(...PREDICATE_OPS)
  .chain((op) => expectedFor(op).map((expected) => ({ op, value: expected })));

const names = fc.constantFrom("a", "b", "n.x");
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    kind: fc.constant("trait" as const),
    name: names,
    tests: fc.array(testArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("property" as const),
    name: names,
    tests: fc.array(testArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("metric" as const),
    metric: fc.constantFrom("score" as const, "fit" as const, "engagement" as const),
    tests: fc.array(testArb, { minLength: 1, maxLength: 2 }),
  }),
);
const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("all" as const), of: fc.array(tie("c"), { maxLength: 4 }) }),
    fc.record({ kind: fc.constant("any" as const), of: fc.array(tie("c"), { maxLength: 4 }) }),
    fc.record({ kind: fc.constant("not" as const), of: tie("c") }),
  ),
})).c;

const fields = fc.record({ a: value, b: value, n: fc.oneof(fc.record({ x: value }), value) });
const inputArb: fc.Arbitrary<ConditionInput> = fc.record({
  traits: fc.oneof(fields, fc.constant(undefined)),
  properties: fc.oneof(fields, fc.constant(undefined)),
  score: fc.integer({ min: -10, max: 70 }),
  fit: fc.integer({ min: -10, max: 70 }),
  engagement: fc.double({ min: -10, max: 70, noNaN: true }),
  seenEvents: fc.constant(0),
});

describe("the specialised condition compiler agrees with the reference interpreter", () => {
  it("on every operator, expected value and field value", () => {
    fc.assert(
      fc.property(testArb, value, (test, v) => {
        expect(compileTest(test)(v)).toBe(interpretTest(test, v));
      }),
      { numRuns: 5000 },
    );
  });

  it("on condition trees over traits, properties (flat and dotted) and metrics", () => {
    fc.assert(
      fc.property(conditionArb, fc.array(inputArb, { minLength: 1, maxLength: 5 }), (c, inputs) => {
        const compiled = compileCondition(c);
        for (const input of inputs) expect(compiled(input)).toBe(interpretCondition(c, input));
      }),
      { numRuns: 2000 },
    );
  });
});
