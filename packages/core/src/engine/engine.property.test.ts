import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, T0 } from "../fixtures/build-event.ts";
import { compileDocument } from "../fixtures/compile-document.ts";
import { saasMainDocument } from "../fixtures/saas-main-document.ts";
import type { LeadEvent, LeadHistory, Traits } from "../types.ts";
import { applyEvent, createIncrementalState, currentScore } from "./apply-event.ts";
import type { CompiledModel } from "./compile-model.ts";
import type { IncrementalState } from "./incremental-state.ts";
import { compareEvents } from "./replay.ts";
import { scoreLead } from "./score-lead.ts";

const models: [string, CompiledModel][] = [
  ["saas-main (half-life, times cap)", compileDocument(saasMainDocument)],
  [
    "step decay, points cap, rule-level decay",
    compileDocument({
      ...saasMainDocument,
      id: "step",
      engagement: [
        ...saasMainDocument.engagement.slice(1),
        {
          id: "click-points",
          when: { event: "email.clicked" },
          points: 4,
          limit: { points: 10, per: "7d" },
        },
        { id: "demo", when: { event: "demo.requested" }, points: 30, decay: { halfLife: "7d" } },
      ],
      decay: { inactiveFor: "10d", every: "5d", subtract: 7 },
      stages: [
        ...saasMainDocument.stages,
        { stage: "disqualified", when: { trait: "jobTitle", eq: "competitor" } },
      ],
    }),
  ],
];

const body = fc.oneof(
  fc.record({
    type: fc.constant("email.clicked"),
    properties: fc.record({ campaignId: fc.constantFrom("spring-launch", "news") }),
  }),
  fc.record({
    type: fc.constant("page.viewed"),
    properties: fc.record({ url: fc.constantFrom("/pricing", "/blog") }),
  }),
  fc.record({
    type: fc.constant("chatbot.completed"),
    properties: fc.record({ fieldsCount: fc.integer({ min: 0, max: 8 }) }),
  }),
  fc.record({
    type: fc.constantFrom("campaign.unsubscribed", "support.contacted", "demo.requested", "noise"),
  }),
  fc.record({
    type: fc.constant("identify"),
    identified: fc.boolean(),
    traits: fc.record({
      jobTitle: fc.constantFrom("VP Sales", "Student", "Engineer", "competitor"),
      employees: fc.integer({ min: 1, max: 500 }),
    }),
  }),
  fc.record({
    type: fc.constant("stage.set"),
    properties: fc.record({ stage: fc.constantFrom("lead", "mql", "sql", "disqualified") }),
  }),
);

/** Unique messageIds; timestamps over 120 days with deliberate ties. */
const historyArb = fc
  .array(fc.tuple(body, fc.integer({ min: 0, max: 120 * 4 })), { maxLength: 40 })
  .map((items) =>
    items.map(
      ([b, quarterDay], i): LeadEvent => ({
        ...b,
        messageId: `m${String(i).padStart(3, "0")}`,
        timestamp: T0 + quarterDay * (DAY_MS / 4),
      }),
    ),
  );

const AT = T0 + 150 * DAY_MS;

function mergedTraits(events: readonly LeadEvent[]): Traits {
  let traits: Traits = {};
  for (const e of [...events].sort(compareEvents))
    if (e.traits !== undefined) traits = { ...traits, ...e.traits };
  return traits;
}

function applyOneByOne(compiled: CompiledModel, arrivals: readonly LeadEvent[]): IncrementalState {
  let state = createIncrementalState(compiled);
  const arrived: LeadEvent[] = [];
  for (const event of arrivals) {
    arrived.push(event);
    const outcome = applyEvent(compiled, state, event, mergedTraits(arrived));
    if (outcome.kind === "needs-replay")
      state = createIncrementalState(compiled, { events: arrived });
  }
  return state;
}

/** A history and the same messages as they might arrive: in any order, some of them twice. */
const arrivalArb = fc
  .tuple(historyArb, fc.func(fc.integer()), fc.array(fc.nat(), { maxLength: 5 }))
  .map(([events, order, dupes]) => {
    const duplicated = [
      ...events,
      ...dupes.flatMap((d) => (events.length > 0 ? [events[d % events.length]!] : [])),
    ];
    const arrivals = [...duplicated].sort((a, b) => order(a.messageId) - order(b.messageId));
    return { events, arrivals };
  });

describe.each(models)("engine invariants: %s", (_name, compiled) => {
  it("shuffled arrival and duplicated messages give the same state", () => {
    fc.assert(
      fc.property(arrivalArb, ({ events, arrivals: shuffled }) => {
        expect(scoreLead(compiled, { events: shuffled }, AT)).toEqual(
          scoreLead(compiled, { events }, AT),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("applying events one by one (replaying when told to) equals replaying all history", () => {
    fc.assert(
      fc.property(arrivalArb, ({ events, arrivals }) => {
        const incremental = currentScore(compiled, applyOneByOne(compiled, arrivals), AT);
        const replayed = scoreLead(compiled, { events } satisfies LeadHistory, AT);
        expect([incremental.score, incremental.band, incremental.stage]).toEqual([
          replayed.score,
          replayed.band,
          replayed.stage,
        ]);
        expect(incremental.rawScore).toBeCloseTo(replayed.rawScore, 9);
        expect(incremental.fit).toBe(replayed.fit);
      }),
      { numRuns: 200 },
    );
  });

  it("applying events in order never needs a replay and matches scoreLead", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const sorted = [...events].sort(compareEvents);
        const state = createIncrementalState(compiled);
        const kinds = sorted.map(
          (e, i) => applyEvent(compiled, state, e, mergedTraits(sorted.slice(0, i + 1))).kind,
        );
        expect(kinds).not.toContain("needs-replay");
        expect(currentScore(compiled, state, AT).score).toBe(
          scoreLead(compiled, { events }, AT).score,
        );
      }),
      { numRuns: 100 },
    );
  });

  it("the ledger always sums to the unrounded score", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 200 }), (events, days) => {
        const state = scoreLead(compiled, { events }, T0 + days * DAY_MS);
        const sum = state.ledger.reduce((total, line) => total + line.points, 0);
        expect(Math.abs(sum - state.rawScore)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
