import { describe, expect, it } from "vitest";
import type { Stage } from "../types.ts";
import { feedbackReport } from "./feedback-report.ts";
import { computeFunnel, type StageJourney } from "./funnel.ts";

const DAY = 86_400_000;

function journey(moves: [Stage, number][], wonDay: number | null = null): StageJourney {
  return {
    changes: moves.map(([stage, day]) => ({ stage, at: day * DAY })),
    wonAt: wonDay === null ? null : wonDay * DAY,
  };
}

const period = { from: 10 * DAY, to: 40 * DAY };

describe("computeFunnel", () => {
  it("counts the cohort identified in the period, how far each got and where it stands", () => {
    const report = computeFunnel(
      [
        journey([
          ["lead", 12],
          ["mql", 14],
          ["sql", 20],
        ]), // sql at the end
        journey([
          ["lead", 15],
          ["sql", 16],
        ]), // skipped mql: reaches it all the same
        journey([["lead", 20]]),
        journey([
          ["lead", 25],
          ["mql", 30],
          ["disqualified", 33],
        ]),
        journey([
          ["lead", 5],
          ["mql", 20],
        ]), // identified before the period: not in the cohort
        journey([["lead", 40]]), // identified at `to`: the period is half-open
        journey([]), // never identified
      ],
      period,
    );
    expect(report.cohort).toBe(4);
    expect(report.steps.map((step) => [step.stage, step.reached, step.current])).toEqual([
      ["lead", 4, 1],
      ["mql", 3, 0],
      ["sql", 2, 2],
      ["opportunity", 0, 0],
      ["customer", 0, 0],
    ]);
    expect(report.disqualified).toBe(1);
    expect(report.steps[1]!.conversionFromPrevious).toBeCloseTo(3 / 4);
    expect(report.steps[2]!.conversionFromPrevious).toBeCloseTo(2 / 3);
    expect(report.steps[3]!.conversionFromPrevious).toBe(0);
    expect(report.steps[4]!.conversionFromPrevious).toBeNull();
    expect(report.steps[2]!.conversionFromCohort).toBeCloseTo(0.5);
  });

  it("takes the median time in each stage over the visits that moved on", () => {
    const report = computeFunnel(
      [
        journey([
          ["lead", 10],
          ["mql", 12],
          ["sql", 15],
        ]), // lead 2 days, mql 3 days
        journey([
          ["lead", 11],
          ["mql", 15],
          ["sql", 25],
        ]), // lead 4 days, mql 10 days
        journey([
          ["lead", 12],
          ["mql", 20],
        ]), // lead 8 days; still in mql
        journey([
          ["lead", 13],
          ["mql", 50],
        ]), // moves after `to`: still a lead at the end
        journey([
          ["lead", 14],
          ["mql", 14],
        ]), // passed through lead at one instant: not a visit
      ],
      period,
    );
    const lead = report.steps[0]!;
    expect(lead.medianTimeInStageMs).toBe(4 * DAY);
    expect(lead.movedOn).toBe(3);
    const mql = report.steps[1]!;
    expect(mql.medianTimeInStageMs).toBe(6.5 * DAY); // (3 + 10) / 2
    expect(mql.movedOn).toBe(2);
    expect(mql.reached).toBe(4);
    expect(report.steps[2]!.medianTimeInStageMs).toBeNull();
    expect(report.steps[0]!.current).toBe(1);
  });

  it("counts a won outcome as reaching customer, ending the stage it interrupts", () => {
    const report = computeFunnel(
      [
        journey(
          [
            ["lead", 10],
            ["mql", 12],
          ],
          20,
        ), // won 8 days into mql
        journey([["lead", 10]], 45), // won after the period: not counted
        journey(
          [
            ["lead", 10],
            ["customer", 18],
          ],
          30,
        ), // already a customer when the deal is marked
      ],
      period,
    );
    expect(report.won).toBe(2);
    expect(report.steps.map((step) => step.reached)).toEqual([3, 2, 2, 2, 2]);
    expect(report.steps[4]!.current).toBe(2);
    expect(report.steps[1]!.medianTimeInStageMs).toBe(8 * DAY);
  });

  it("reports an empty cohort without dividing by zero", () => {
    const report = computeFunnel([journey([["lead", 1]])], period);
    expect(report.cohort).toBe(0);
    expect(report.steps.every((step) => step.conversionFromCohort === null)).toBe(true);
  });
});

describe("feedbackReport", () => {
  const bands = [
    { name: "cold", from: 0 },
    { name: "warm", from: 21 },
    { name: "hot", from: 41 },
  ];

  it("counts good and bad fits per band and how well the score separates them", () => {
    const report = feedbackReport(
      [
        { score: 60, verdict: "good_fit" },
        { score: 30, verdict: "good_fit" },
        { score: 30, verdict: "bad_fit" },
        { score: 5, verdict: "bad_fit" },
      ],
      bands,
    );
    expect(report).toMatchObject({
      marks: 4,
      good: 2,
      bad: 2,
      meanScoreGood: 45,
      meanScoreBad: 17.5,
    });
    // pairs (good, bad): (60,30)=1 (60,5)=1 (30,30)=.5 (30,5)=1 → 3.5/4
    expect(report.agreement).toBeCloseTo(0.875);
    expect(report.bands).toEqual([
      { name: "cold", from: 0, good: 0, bad: 1 },
      { name: "warm", from: 21, good: 1, bad: 1 },
      { name: "hot", from: 41, good: 1, bad: 0 },
    ]);
  });

  it("has no agreement without both verdicts", () => {
    const report = feedbackReport([{ score: 50, verdict: "good_fit" }], bands);
    expect(report.agreement).toBeNull();
    expect(report.meanScoreBad).toBeNull();
  });
});
