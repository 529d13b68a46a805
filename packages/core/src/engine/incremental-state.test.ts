import { describe, expect, it } from "vitest";
import { DAY_MS, T0 } from "../fixtures/build-event.ts";
import { compileDocument } from "../fixtures/compile-document.ts";
import { saasMainDocument } from "../fixtures/saas-main-document.ts";
import { applyEvent, createIncrementalState } from "./apply-event.ts";

const compiled = compileDocument(saasMainDocument);
const click = (i: number) => ({
  messageId: `m${i}`,
  type: "email.clicked",
  timestamp: T0 + i * DAY_MS,
  properties: { campaignId: "spring-launch" },
});

describe("IncrementalState", () => {
  it("reads its numbers through named accessors", () => {
    const state = createIncrementalState(compiled, { events: [click(0)], identified: true });
    expect([state.lastAt, state.lastActivityAt, state.fit, state.stage]).toEqual([
      T0,
      T0,
      0,
      "lead",
    ]);
    expect(state.accumulator(0)).toBe(20);
  });

  it("writes JSON as a plain object with its numbers and fields", () => {
    const state = createIncrementalState(compiled, { events: [], identified: true });
    applyEvent(compiled, state, click(1), {});
    const json = JSON.parse(JSON.stringify(state));
    expect(json).toMatchObject({
      lastMessageId: "m1",
      stage: "lead",
      identified: true,
      band: "cold",
    });
    expect(json.values.slice(0, 2)).toEqual([T0 + DAY_MS, T0 + DAY_MS]);
  });

  it("reuses an expired cap entry instead of growing", () => {
    const state = createIncrementalState(compiled, { events: [], identified: true });
    const length = state.length;
    // campaign-click counts 3 per 30 days: 4 clicks 40 days apart each reuse the one entry per capped rule.
    for (let i = 0; i < 4; i++) applyEvent(compiled, state, click(i * 40), {});
    expect(state.length).toBe(length);
  });

  it("keeps more live hits than capped rules in an exact-size overflow, reused once expired", () => {
    const state = createIncrementalState(compiled, { events: [], identified: true });
    const length = state.length;
    for (let i = 0; i < 4; i++) applyEvent(compiled, state, click(i), {});
    // Three counted clicks in 30 days: one in the state's own entry, two in the overflow; the 4th is capped.
    expect(state.length).toBe(length);
    expect(state.capOverflow).toHaveLength(6);
    for (let i = 0; i < 3; i++) applyEvent(compiled, state, click(40 + i), {});
    expect(state.capOverflow).toHaveLength(6);
  });
});
