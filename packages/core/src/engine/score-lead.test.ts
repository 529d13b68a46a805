import { describe, expect, it } from "vitest";
import { buildEvent, DAY_MS, T0 } from "../fixtures/build-event.ts";
import { compileDocument } from "../fixtures/compile-document.ts";
import { saasMainDocument } from "../fixtures/saas-main-document.ts";
import type { LeadEvent, LeadHistory } from "../types.ts";
import { scoreLead } from "./score-lead.ts";

const compiled = compileDocument(saasMainDocument);
const director = {
  email: "ada@acme.io",
  jobTitle: "VP Marketing",
  employees: 120,
  budget: 20000,
  timeframeMonths: 3,
};
const identify = (traits: Record<string, unknown>, timestamp = T0 - DAY_MS): LeadEvent =>
  buildEvent({ type: "identify", traits, identified: true, timestamp, messageId: "a-identify" });

// Every engagement rule of the example once, all at T0 (ties ordered by messageId), so no decay at `at = T0`.
const engagementEvents: LeadEvent[] = [
  buildEvent({
    messageId: "e01",
    type: "email.clicked",
    properties: { campaignId: "newsletter-1" },
  }),
  buildEvent({
    messageId: "e02",
    type: "email.clicked",
    properties: { campaignId: "spring-launch" },
  }),
  buildEvent({
    messageId: "e03",
    type: "email.clicked",
    properties: { campaignId: "newsletter-2" },
  }),
  buildEvent({
    messageId: "e04",
    type: "email.clicked",
    properties: { campaignId: "newsletter-3" },
  }),
  buildEvent({
    messageId: "e05",
    type: "page.viewed",
    properties: { url: "https://acme.io/pricing" },
  }),
  buildEvent({ messageId: "e06", type: "chatbot.completed", properties: { fieldsCount: 6 } }),
  buildEvent({ messageId: "e07", type: "chatbot.completed", properties: { fieldsCount: 3 } }),
  buildEvent({ messageId: "e08", type: "support.contacted" }),
  buildEvent({ messageId: "e09", type: "campaign.unsubscribed" }),
];

function pointsByRule(history: LeadHistory, at: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const line of scoreLead(compiled, history, at).ledger)
    totals[line.ruleId] = (totals[line.ruleId] ?? 0) + line.points;
  return totals;
}

describe("the issue's example model, scored by hand", () => {
  it.each([
    ["a VP of a 120-person company with budget and timeframe", director, 35],
    ["a director of a small company", { jobTitle: "Director of Sales", employees: 10 }, 15],
    ["a student intern (negative fit clamps to 0)", { jobTitle: "Student intern" }, -20],
    ["no traits", {}, 0],
  ])("fit: %s", (_name, traits, fit) => {
    const state = scoreLead(compiled, { events: [identify(traits)] }, T0);
    expect(state.fit).toBe(fit);
    expect(state.score).toBe(Math.max(0, fit));
  });

  it("gives each engagement rule its points: 4th click capped, specific campaign adds to the generic rule", () => {
    const history = { events: [identify(director), ...engagementEvents] };
    expect(pointsByRule(history, T0)).toEqual({
      "senior-title": 15,
      "company-size": 10,
      "budget-and-timeframe": 10,
      "campaign-click": 15,
      "flagship-click": 15,
      "pricing-page": 10,
      "rich-chatbot": 21,
      "support-contact": -5,
      unsubscribed: -20,
    });
    const state = scoreLead(compiled, history, T0);
    expect(state.engagement).toBe(36);
    expect(state.score).toBe(71);
    expect(state.band).toBe("hot");
    const capped = state.ledger.find((line) => line.messageId === "e04");
    expect(capped).toMatchObject({
      ruleId: "campaign-click",
      points: 0,
      basePoints: 5,
      cappedPoints: 5,
    });
  });

  it.each([
    [0, 36, 71, "hot"],
    [30, 18, 53, "hot"],
    [60, 9, 44, "hot"],
    [90, 4.5, 40, "warm"],
  ])(
    "halves engagement every 30 days: after %i days engagement is %d",
    (days, engagement, score, band) => {
      const state = scoreLead(
        compiled,
        { events: [identify(director), ...engagementEvents] },
        T0 + days * DAY_MS,
      );
      expect(state.engagement).toBeCloseTo(engagement, 9);
      expect(state.fit).toBe(35);
      expect(state.score).toBe(score);
      expect(state.band).toBe(band);
    },
  );

  it("records decay factors in the ledger: a pricing view is worth 5 after 30 days and 2.5 after 60", () => {
    const view = buildEvent({
      messageId: "p1",
      type: "page.viewed",
      properties: { url: "/pricing" },
    });
    const after30 = scoreLead(compiled, { events: [view] }, T0 + 30 * DAY_MS);
    expect(after30.ledger).toEqual([
      expect.objectContaining({ ruleId: "pricing-page", points: 5, decayFactor: 0.5 }),
    ]);
    const after60 = scoreLead(compiled, { events: [view] }, T0 + 60 * DAY_MS);
    expect(after60.rawScore).toBeCloseTo(2.5, 12);
    expect(after60.score).toBe(3);
  });

  it("moves to MQL when the score reaches 41 and skips to SQL on a demo request", () => {
    const events = [
      identify(director),
      ...engagementEvents.slice(0, 2),
      buildEvent({ messageId: "z1", type: "demo.requested", timestamp: T0 + DAY_MS }),
    ];
    const state = scoreLead(compiled, { events }, T0 + DAY_MS);
    expect(state.stageHistory.map((c) => [c.from, c.stage, c.cause])).toEqual([
      ["anonymous", "lead", "identified"],
      ["lead", "mql", "rule:0"],
      ["mql", "sql", "rule:1"],
    ]);
    const mql = state.stageHistory[1];
    expect(mql?.messageId).toBe("e02");
  });

  it("skips straight from lead to SQL on a demo request whatever the score", () => {
    const events = [
      identify({ jobTitle: "Student" }),
      buildEvent({ messageId: "z1", type: "demo.requested" }),
    ];
    const state = scoreLead(compiled, { events }, T0);
    expect(state.score).toBe(0);
    expect(state.stage).toBe("sql");
    expect(state.stageHistory.map((c) => c.stage)).toEqual(["lead", "sql"]);
  });

  it("keeps an anonymous visitor anonymous, then applies the rules when it identifies", () => {
    const demo = buildEvent({
      messageId: "z1",
      type: "demo.requested",
      timestamp: T0 - 2 * DAY_MS,
    });
    expect(scoreLead(compiled, { events: [demo] }, T0).stage).toBe("anonymous");
    expect(scoreLead(compiled, { events: [demo, identify({})] }, T0).stage).toBe("sql");
  });

  it("ignores events after `at` and counts a duplicated messageId once", () => {
    const click = buildEvent({
      messageId: "c1",
      type: "page.viewed",
      properties: { url: "/pricing" },
    });
    const later = buildEvent({
      messageId: "c2",
      type: "page.viewed",
      properties: { url: "/pricing" },
      timestamp: T0 + 1,
    });
    const state = scoreLead(compiled, { events: [click, click, later] }, T0);
    expect(state.engagement).toBe(10);
    expect(state.ledger).toHaveLength(1);
  });
});
