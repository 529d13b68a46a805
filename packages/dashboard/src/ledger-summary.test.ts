import { describe, expect, it } from "vitest";
import type { LedgerLine } from "./api/api-types.ts";
import { sortLedgerByImpact, summariseLedger } from "./ledger-summary.ts";

const line = (kind: LedgerLine["kind"], ruleId: string, points: number): LedgerLine => ({
  kind,
  ruleId,
  points,
  basePoints: points,
});

const ledger = [
  line("fit", "title-is-vp", 20),
  line("engagement", "pricing-view", 15.5),
  line("decay", "decay", -4.25),
  line("engagement", "unsubscribed", -20),
];

describe("summariseLedger", () => {
  it("adds the lines up per kind and in total", () => {
    const summary = summariseLedger(ledger, 11.25);
    expect(summary.totalPoints).toBe(11.25);
    expect(summary.byKind).toEqual({ fit: 20, engagement: -4.5, decay: -4.25, clamp: 0 });
    expect(summary.addsUp).toBe(true);
  });

  it("flags a ledger that does not reach the raw score", () => {
    expect(summariseLedger(ledger, 12).addsUp).toBe(false);
  });
});

describe("sortLedgerByImpact", () => {
  it("puts the biggest contributions first, keeping ties in order", () => {
    expect(sortLedgerByImpact(ledger).map((l) => l.ruleId)).toEqual([
      "title-is-vp",
      "unsubscribed",
      "pricing-view",
      "decay",
    ]);
  });
});
