import { describe, expect, it } from "vitest";
import { buildEvent, DAY_MS, T0 } from "../fixtures/build-event.ts";
import { compileDocument } from "../fixtures/compile-document.ts";
import { gradeFor, isHighIntent } from "../grading/grade-for.ts";
import type { LeadEvent } from "../types.ts";
import { scoreLead } from "./score-lead.ts";

const clicks = (days: readonly number[], type = "email.clicked"): LeadEvent[] =>
  days.map((d, i) => buildEvent({ messageId: `c${i}`, type, timestamp: T0 + d * DAY_MS }));

const withRule = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  compileDocument({
    id: "m",
    engagement: [{ id: "r", when: { event: "email.clicked" }, ...rule }],
    ...extra,
  });

const pointsPerEvent = (days: readonly number[], rule: Record<string, unknown>) => {
  const state = scoreLead(withRule(rule), { events: clicks(days) }, T0 + 400 * DAY_MS);
  return state.ledger.map((line) => line.points);
};

describe("caps", () => {
  it.each<[string, Record<string, unknown>, number[], number[]]>([
    [
      "times per window: 4th within 30 days adds 0",
      { times: 3, per: "30d" },
      [0, 1, 2, 3],
      [5, 5, 5, 0],
    ],
    [
      "times per window: the window slides past the first counted hit",
      { times: 3, per: "30d" },
      [0, 1, 2, 30],
      [5, 5, 5, 5],
    ],
    [
      "times per window: one ms inside the window is still capped",
      { times: 3, per: "30d" },
      [0, 1, 2, 29.99],
      [5, 5, 5, 0],
    ],
    ["times for life", { times: 2 }, [0, 100, 200], [5, 5, 0]],
    ["points per window: partial clipping", { points: 12, per: "7d" }, [0, 1, 2, 7], [5, 5, 2, 5]],
    ["points for life", { points: 7 }, [0, 50], [5, 2]],
  ])("%s", (_name, limit, days, points) => {
    expect(pointsPerEvent(days, { points: 5, limit })).toEqual(points);
  });

  it("shows the clipped points in the ledger", () => {
    const state = scoreLead(
      withRule({ points: 5, limit: { points: 7 } }),
      { events: clicks([0, 1]) },
      T0 + DAY_MS,
    );
    expect(state.ledger[1]).toMatchObject({ points: 2, basePoints: 5, cappedPoints: 3 });
  });
});

describe("decay", () => {
  const step = { decay: { inactiveFor: "60d", every: "30d", subtract: 10 } };
  it.each<[number, number]>([
    [0, 30],
    [59, 30],
    [60, 20],
    [89, 20],
    [90, 10],
    [120, 0],
    [400, 0],
  ])("step form: 30 points after %i quiet days are %i", (days, engagement) => {
    const compiled = withRule({ points: 10 }, step);
    const state = scoreLead(compiled, { events: clicks([0, 0, 0]) }, T0 + days * DAY_MS);
    expect(state.engagement).toBe(engagement);
    expect(state.ledger.reduce((sum, l) => sum + l.points, 0)).toBe(engagement);
  });

  it("step form: points lost in a quiet spell stay lost after new activity", () => {
    const state = scoreLead(
      withRule({ points: 10 }, step),
      { events: clicks([0, 0, 0, 75]) },
      T0 + 75 * DAY_MS,
    );
    expect(state.engagement).toBe(30);
    expect(state.ledger.filter((l) => l.kind === "decay")).toEqual([
      expect.objectContaining({ points: -10 }),
    ]);
  });

  it.each<[string, unknown, number]>([
    ["half-life 7d after 14 days", { halfLife: "7d" }, 2.5],
    ["none", "none", 10],
  ])("per-rule override: %s", (_name, decay, engagement) => {
    const compiled = withRule({ points: 10, decay }, { decay: { halfLife: "30d" } });
    const state = scoreLead(compiled, { events: clicks([0]) }, T0 + 14 * DAY_MS);
    expect(state.engagement).toBeCloseTo(engagement, 9);
  });

  it("negative points fade under half-life like positive ones", () => {
    const compiled = withRule(
      { points: -20 },
      {
        decay: { halfLife: "30d" },
        scale: { min: -100, max: 100 },
        bands: [{ name: "all", from: -100 }],
      },
    );
    expect(scoreLead(compiled, { events: clicks([0]) }, T0 + 30 * DAY_MS).engagement).toBeCloseTo(
      -10,
      9,
    );
  });

  it("richer data scores more: points per collected field, capped", () => {
    const compiled = compileDocument({
      id: "m",
      engagement: [
        {
          id: "form",
          when: { event: "form.submitted" },
          points: { per: "fields", each: 2, max: 10 },
        },
      ],
    });
    const form = (fields: unknown, id: string) =>
      buildEvent({ messageId: id, type: "form.submitted", properties: { fields } });
    const score = (fields: unknown) =>
      scoreLead(compiled, { events: [form(fields, "f")] }, T0).engagement;
    expect([score(["phone", "email"]), score(3), score(["a", "b", "c", "d", "e", "f"])]).toEqual([
      4, 6, 10,
    ]);
  });
});

describe("clamp and bands", () => {
  const compiled = compileDocument({
    id: "m",
    fit: [{ id: "f", when: { trait: "p", exists: true }, points: { per: "p", each: 1 } }],
  });
  const identify = (p: number) => buildEvent({ messageId: "i", type: "identify", traits: { p } });
  it.each<[number, number, string]>([
    [-15, 0, "cold"],
    [0, 0, "cold"],
    [20, 20, "cold"],
    [20.4, 20, "cold"],
    [20.5, 21, "warm"],
    [21, 21, "warm"],
    [40, 40, "warm"],
    [41, 41, "hot"],
    [250, 100, "hot"],
  ])("fit %d scores %d (%s)", (p, score, band) => {
    const state = scoreLead(compiled, { events: [identify(p)] }, T0);
    expect([state.score, state.band]).toEqual([score, band]);
    expect(state.ledger.reduce((sum, l) => sum + l.points, 0)).toBeCloseTo(state.rawScore, 9);
  });
});

describe("rounding after decay", () => {
  // e^x on the hot path leaves 20 × 2^-3 as 2.5000000000000004: the score must round the 2.5 it is.
  it.each<[number, number, number]>([
    [20, 90, 3], // 2.5 → 3
    [-20, 90, -2], // −2.5 → −2, as Math.round rounds halves
    [5, 30, 3], // 2.5 → 3
    [-5, 30, -2],
    [-12, 60, -3], // exactly −3
  ])("%d points after %d days score %d", (points, days, score) => {
    const compiled = withRule(
      { points },
      {
        scale: { min: -100, max: 100 },
        bands: [{ name: "all", from: -100 }],
        decay: { halfLife: "30d" },
      },
    );
    const state = scoreLead(compiled, { events: clicks([0]) }, T0 + days * DAY_MS);
    expect(state.score).toBe(score);
    expect(state.ledger.reduce((sum, l) => sum + l.points, 0)).toBeCloseTo(state.rawScore, 9);
  });
});

describe("stages", () => {
  const compiled = compileDocument({
    id: "m",
    fit: [{ id: "senior", when: { trait: "title", matches: "vp" }, points: 30 }],
    engagement: [{ id: "view", when: { event: "page.viewed" }, points: 20 }],
    stages: [
      { stage: "disqualified", when: { trait: "email", matches: "@competitor\\.com$" } },
      { stage: "mql", when: { all: [{ score: { gte: 40 } }, { fit: { gte: 30 } }] } },
      { stage: "mql", when: { engagement: { gte: 60 } } },
      { stage: "sql", when: { event: "form.submitted", where: { formId: "quote" } } },
      { stage: "customer", when: { event: "deal.won" } },
    ],
  });
  const id = (traits: Record<string, unknown>, t = 0) =>
    buildEvent({
      messageId: `i${t}`,
      type: "identify",
      identified: true,
      traits,
      timestamp: T0 + t,
    });
  const ev = (type: string, t: number, properties?: Record<string, unknown>) =>
    buildEvent({
      messageId: `e${t}`,
      type,
      timestamp: T0 + t,
      ...(properties ? { properties } : {}),
    });
  const stageOf = (events: LeadEvent[]) => scoreLead(compiled, { events }, T0 + DAY_MS).stage;

  it.each<[string, LeadEvent[], string]>([
    ["anonymous without identity", [ev("page.viewed", 1)], "anonymous"],
    ["lead once identified", [id({})], "lead"],
    ["score and fit thresholds together", [id({ title: "VP" }), ev("page.viewed", 1)], "mql"],
    [
      "score alone is not enough for that rule",
      [id({}), ev("page.viewed", 1), ev("page.viewed", 2)],
      "lead",
    ],
    [
      "engagement threshold",
      [id({}), ev("page.viewed", 1), ev("page.viewed", 2), ev("page.viewed", 3)],
      "mql",
    ],
    [
      "event with a where: quote form skips to SQL",
      [id({}), ev("form.submitted", 1, { formId: "quote" })],
      "sql",
    ],
    [
      "event with a where: other forms do not",
      [id({}), ev("form.submitted", 1, { formId: "contact" })],
      "lead",
    ],
    ["skip to customer", [id({}), ev("deal.won", 1)], "customer"],
    [
      "automatic moves never go back",
      [id({ title: "VP" }), ev("deal.won", 1), ev("page.viewed", 2)],
      "customer",
    ],
    [
      "disqualified by a rule",
      [id({ email: "x@competitor.com" }), ev("deal.won", 1)],
      "disqualified",
    ],
    [
      "manual stage.set moves backwards",
      [id({}), ev("deal.won", 1), ev("stage.set", 2, { stage: "opportunity", reason: "reopened" })],
      "opportunity",
    ],
    [
      "disqualified by hand stops advance",
      [id({}), ev("stage.set", 1, { stage: "disqualified" }), ev("deal.won", 2)],
      "disqualified",
    ],
    [
      "a manual move out of disqualified resumes advance",
      [
        id({}),
        ev("stage.set", 1, { stage: "disqualified" }),
        ev("stage.set", 2, { stage: "lead" }),
        ev("deal.won", 3),
      ],
      "customer",
    ],
    [
      "events before a manual move no longer qualify",
      [id({}), ev("deal.won", 1), ev("stage.set", 2, { stage: "lead" }), ev("page.viewed", 3)],
      "lead",
    ],
  ])("%s", (_name, events, stage) => {
    expect(stageOf(events)).toBe(stage);
  });

  it("records each stage change with time, cause and reason", () => {
    const events = [
      id({}),
      ev("deal.won", 5),
      ev("stage.set", 9, { stage: "sql", reason: "refund" }),
    ];
    expect(scoreLead(compiled, { events }, T0 + DAY_MS).stageHistory).toEqual([
      { stage: "lead", from: "anonymous", at: T0, cause: "identified", messageId: "i0" },
      { stage: "customer", from: "lead", at: T0 + 5, cause: "rule:4", messageId: "e5" },
      {
        stage: "sql",
        from: "customer",
        at: T0 + 9,
        cause: "manual",
        messageId: "e9",
        reason: "refund",
      },
    ]);
  });
});

describe("gradeFor", () => {
  const model = compileDocument({ id: "m" }).model;
  const now = T0;
  const signals = (
    activityAgoMs: number | null,
    highIntentAgoMs: number | null = null,
    presentForMs: number | null = null,
  ) => ({
    lastActivityAt: activityAgoMs === null ? null : now - activityAgoMs,
    lastHighIntentAt: highIntentAgoMs === null ? null : now - highIntentAgoMs,
    presentUntil: presentForMs === null ? null : now + presentForMs,
  });
  it.each<[string, ReturnType<typeof signals>, string]>([
    ["present now", signals(3 * DAY_MS, null, 30_000), "A"],
    ["high intent 10 minutes ago", signals(600_000, 600_000), "A"],
    ["high intent 16 minutes ago", signals(960_000, 960_000), "B"],
    ["presence expired", signals(2 * DAY_MS, null, -1), "C"],
    ["active 23 hours ago", signals(23 * 3_600_000), "B"],
    ["active 6 days ago", signals(6 * DAY_MS), "C"],
    ["active 8 days ago", signals(8 * DAY_MS), "D"],
    ["never", signals(null), "D"],
  ])("%s → %s", (_name, s, grade) => {
    expect(gradeFor(model, s, now)).toBe(grade);
  });

  it("uses the model's own windows", () => {
    const custom = compileDocument({ id: "m", grading: { a: "1h", b: "2d", c: "30d" } }).model;
    expect(gradeFor(custom, signals(40 * 60_000, 40 * 60_000), now)).toBe("A");
    expect(gradeFor(custom, signals(20 * DAY_MS), now)).toBe("C");
  });
});

describe("isHighIntent", () => {
  const compiled = compileDocument({
    id: "m",
    grading: {
      highIntent: [
        "demo.requested",
        { event: "page.viewed", where: { url: { contains: "/pricing" } } },
      ],
    },
  });
  it.each<[string, Record<string, unknown> | undefined, boolean]>([
    ["demo.requested", undefined, true],
    ["page.viewed", { url: "https://a.io/pricing" }, true],
    ["page.viewed", { url: "https://a.io/blog" }, false],
    ["email.opened", undefined, false],
  ])("%s %j → %s", (type, properties, result) => {
    expect(
      isHighIntent(compiled, buildEvent({ type, ...(properties ? { properties } : {}) })),
    ).toBe(result);
  });

  it("counts every event when the model lists none", () => {
    expect(isHighIntent(compileDocument({ id: "m" }), buildEvent({ type: "email.opened" }))).toBe(
      true,
    );
  });
});
