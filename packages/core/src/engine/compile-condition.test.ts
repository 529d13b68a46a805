import { describe, expect, it } from "vitest";
import type { Condition, Test } from "../model/model-types.ts";
import { parseDuration } from "../model/parse-duration.ts";
import type { ConditionInput } from "./compile-condition.ts";
import { compileCondition, compileTest } from "./compile-condition.ts";

describe("predicates", () => {
  it.each<[Test["op"], unknown, unknown, boolean]>([
    ["eq", "spring-launch", "spring-launch", true],
    ["eq", "spring-launch", "Spring-Launch", false],
    ["eq", 50, "50", true],
    ["eq", 50, undefined, false],
    ["eq", true, "true", true],
    ["ne", "a", "b", true],
    ["ne", "a", "a", false],
    ["ne", "a", undefined, true],
    ["in", ["promo-1", "promo-2"], "promo-2", true],
    ["in", ["promo-1", "promo-2"], "promo-3", false],
    ["notIn", ["de", "fr"], "it", true],
    ["notIn", ["de", "fr"], "de", false],
    ["gt", 50, 51, true],
    ["gt", 50, 50, false],
    ["gte", 50, 50, true],
    ["gte", 50, "120", true],
    ["gte", 50, "many", false],
    ["gte", 50, undefined, false],
    ["lt", 6, 5, true],
    ["lt", 6, 6, false],
    ["lte", 6, 6, true],
    ["lte", 6, 7, false],
    ["contains", "/pricing", "https://acme.io/PRICING/plans", true],
    ["contains", "/pricing", "https://acme.io/blog", false],
    ["contains", "vip", ["new", "vip"], true],
    ["startsWith", "/docs", "/docs/setup", true],
    ["startsWith", "/docs", "/blog/docs", false],
    ["matches", "director|head|vp|chief", "Head of Growth", true],
    ["matches", "director|head|vp|chief", "Engineer", false],
    ["matches", "^\\d+$", 42, true],
    ["exists", true, "x", true],
    ["exists", true, "", false],
    ["exists", true, undefined, false],
    ["exists", false, null, true],
  ])("%s %j on %j is %s", (op, expected, value, result) => {
    expect(compileTest({ op, value: expected })(value)).toBe(result);
  });
});

const input = (traits: Record<string, unknown>): ConditionInput => ({
  traits,
  properties: undefined,
  score: 0,
  fit: 0,
  engagement: 0,
  seenEvents: 0,
});
const title = (op: Test["op"], value: unknown): Condition => ({
  kind: "trait",
  name: "title",
  tests: [{ op, value }],
});

describe("combinators", () => {
  it.each<[string, Condition, boolean]>([
    ["all true", { kind: "all", of: [title("contains", "vp"), title("startsWith", "vp")] }, true],
    [
      "all with one false",
      { kind: "all", of: [title("contains", "vp"), title("eq", "ceo")] },
      false,
    ],
    [
      "any with one true",
      { kind: "any", of: [title("eq", "ceo"), title("contains", "sales")] },
      true,
    ],
    ["any all false", { kind: "any", of: [title("eq", "ceo"), title("eq", "cto")] }, false],
    ["not false", { kind: "not", of: title("eq", "ceo") }, true],
    ["not true", { kind: "not", of: title("contains", "vp") }, false],
    [
      "dotted trait path",
      { kind: "trait", name: "company.size", tests: [{ op: "gte", value: 10 }] },
      true,
    ],
  ])("%s", (_name, condition, result) => {
    const traits = { title: "VP Sales", company: { size: 12 } };
    expect(compileCondition(condition)(input(traits))).toBe(result);
  });
});

describe("parseDuration", () => {
  it.each<[string, number | undefined]>([
    ["15m", 900_000],
    ["12h", 43_200_000],
    ["30d", 2_592_000_000],
    ["2w", 1_209_600_000],
    ["1.5h", 5_400_000],
    ["500ms", 500],
    ["30", undefined],
    ["d30", undefined],
    ["30 days", undefined],
    ["", undefined],
  ])("%j → %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
