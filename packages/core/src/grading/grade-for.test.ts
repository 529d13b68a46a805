import { describe, expect, it } from "vitest";
import { compileDocument } from "../fixtures/compile-document.ts";
import { parseTraitCondition } from "../model/parse-trait-condition.ts";
import { type GradeSignals, gradeFor, nextGradeChangeAt } from "./grade-for.ts";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const MIN = 60_000;
const DAY = 86_400_000;

describe("grading.presence", () => {
  it("defaults to 45 seconds and takes a duration", () => {
    expect(compileDocument({ id: "m" }).model.grading.presenceMs).toBe(45_000);
    expect(compileDocument({ id: "m", grading: { presence: "2s" } }).model.grading).toMatchObject({
      presenceMs: 2000,
      aMs: 15 * MIN,
    });
  });
});

describe("nextGradeChangeAt", () => {
  const model = compileDocument({ id: "m" }).model;
  const signals = (overrides: Partial<GradeSignals>): GradeSignals => ({
    lastActivityAt: null,
    lastHighIntentAt: null,
    presentUntil: null,
    ...overrides,
  });
  it.each<[string, GradeSignals, number | null]>([
    ["never active", signals({}), null],
    ["present for 30 s", signals({ presentUntil: T0 + 30_000 }), T0 + 30_000],
    [
      "high intent 10 min ago, present 1 min more",
      signals({
        lastActivityAt: T0 - 10 * MIN,
        lastHighIntentAt: T0 - 10 * MIN,
        presentUntil: T0 + MIN,
      }),
      T0 + MIN,
    ],
    [
      "high intent 10 min ago",
      signals({ lastActivityAt: T0 - 10 * MIN, lastHighIntentAt: T0 - 10 * MIN }),
      T0 + 5 * MIN + 1,
    ],
    ["active 2 hours ago", signals({ lastActivityAt: T0 - 120 * MIN }), T0 - 120 * MIN + DAY + 1],
    ["active 3 days ago", signals({ lastActivityAt: T0 - 3 * DAY }), T0 + 4 * DAY + 1],
    ["active 8 days ago", signals({ lastActivityAt: T0 - 8 * DAY }), null],
    ["an event stamped in the future", signals({ lastActivityAt: T0 + MIN }), T0 + MIN],
  ])("%s", (_name, s, expected) => {
    expect(nextGradeChangeAt(model, s, T0)).toBe(expected);
  });

  it("never skips a change: the grade is constant between now and the instant it names", () => {
    const s = signals({
      lastActivityAt: T0 - 14 * MIN,
      lastHighIntentAt: T0 - 14 * MIN,
      presentUntil: T0 + 20_000,
    });
    let at = T0;
    const grades: string[] = [gradeFor(model, s, at)];
    for (let next = nextGradeChangeAt(model, s, at); next !== null; ) {
      expect(gradeFor(model, s, next - 1)).toBe(gradeFor(model, s, at));
      at = next;
      grades.push(gradeFor(model, s, at));
      next = nextGradeChangeAt(model, s, at);
    }
    expect(grades.filter((g, i) => g !== grades[i - 1])).toEqual(["A", "B", "C", "D"]);
  });
});

describe("parseTraitCondition", () => {
  it("compiles the model language's trait conditions", () => {
    const parsed = parseTraitCondition({
      all: [{ trait: "country", in: ["ES", "MX"] }, { not: { trait: "doNotCall", eq: true } }],
    });
    if (!parsed.ok) throw new Error("should parse");
    expect(parsed.value({ country: "ES" })).toBe(true);
    expect(parsed.value({ country: "ES", doNotCall: true })).toBe(false);
    expect(parsed.value({ country: "FR" })).toBe(false);
  });

  it("lists problems with their path", () => {
    const parsed = parseTraitCondition({ score: { gte: 3 } }, ["eligible", "when"]);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.error.map((p) => p.path)).toEqual([["eligible", "when"]]);
  });
});
