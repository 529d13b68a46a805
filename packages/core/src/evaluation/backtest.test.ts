import { describe, expect, it } from "vitest";
import { compileModel } from "../engine/compile-model.ts";
import { DAY_MS, T0 } from "../fixtures/build-event.ts";
import { parseModel } from "../model/parse-model.ts";
import type { LeadEvent } from "../types.ts";
import { backtestModel, compareBacktests, type HistoryOfLead } from "./backtest.ts";

function modelWith(demoPoints: number) {
  const parsed = parseModel({
    id: demoPoints === 0 ? "published" : "draft",
    name: "backtest",
    scale: { min: 0, max: 100 },
    bands: [
      { name: "cold", from: 0 },
      { name: "hot", from: 40 },
    ],
    fit: [{ id: "big", when: { trait: "employees", gte: 100 }, points: 30 }],
    engagement: [
      { id: "pricing", when: { event: "page.viewed" }, points: 20 },
      { id: "webinar", when: { event: "webinar.attended" }, points: demoPoints },
    ],
    stages: [{ stage: "mql", when: { score: { gte: 40 } } }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

let seq = 0;
const event = (type: string, day: number, properties?: Record<string, unknown>): LeadEvent => {
  seq += 1;
  return {
    messageId: `b${seq}`,
    type,
    timestamp: T0 + day * DAY_MS,
    identified: true,
    ...(properties ? { properties } : {}),
  };
};

const cutoffDay = 30;
const histories: HistoryOfLead[] = [
  // Big and browsing: MQL on day 10 (fit 30 + page 20); wins within the horizon.
  {
    leadId: "a",
    history: {
      traits: { employees: 500 },
      events: [event("page.viewed", 10), event("deal.won", 50)],
    },
  },
  // Small, attended a webinar; wins through a stage move: missed by the published model.
  {
    leadId: "b",
    history: {
      traits: { employees: 5 },
      events: [event("webinar.attended", 20), event("stage.set", 40, { stage: "opportunity" })],
    },
  },
  // Big, never converts.
  { leadId: "c", history: { traits: { employees: 900 }, events: [event("page.viewed", 5)] } },
  // Converts after the horizon: negative.
  {
    leadId: "d",
    history: {
      traits: { employees: 5 },
      events: [event("page.viewed", 12), event("deal.won", 200)],
    },
  },
  // Won before the cutoff, and first seen after it: both left out.
  { leadId: "e", history: { events: [event("page.viewed", 1), event("deal.won", 2)] } },
  { leadId: "f", history: { events: [event("page.viewed", 45)] } },
];
const options = { cutoff: T0 + cutoffDay * DAY_MS, horizonMs: 90 * DAY_MS };

describe("backtestModel", () => {
  const published = modelWith(0);
  const report = backtestModel(published, compileModel(published), histories, options);

  it("scores as of the cutoff and reads outcomes from the horizon only", () => {
    expect(report.skipped).toBe(2);
    expect(
      report.leads.map((lead) => [lead.leadId, lead.score, lead.band, lead.stage, lead.positive]),
    ).toEqual([
      ["a", 50, "hot", "mql", true],
      ["b", 0, "cold", "lead", true],
      ["c", 50, "hot", "mql", false],
      ["d", 20, "cold", "lead", false],
    ]);
    // Positives score 50 and 0, negatives 50 and 20: pairs (50,50)=.5 (50,20)=1 (0,*)=0 → 1.5/4.
    expect(report.evaluation.auc).toBeCloseTo(0.375);
    expect(report.missedWins).toEqual(["b"]);
    expect(report.mqlsPerMonth).toEqual({ "2026-03": 2 });
  });

  it("shows which leads change band or stage under a draft", () => {
    const draft = modelWith(40);
    const next = backtestModel(draft, compileModel(draft), histories, options);
    expect(next.missedWins).toEqual([]);
    expect(next.evaluation.auc).toBeCloseTo(0.625);
    expect(compareBacktests(report, next)).toEqual([
      {
        leadId: "b",
        from: { score: 0, band: "cold", stage: "lead" },
        to: { score: 40, band: "hot", stage: "mql" },
        positive: true,
      },
    ]);
  });
});
