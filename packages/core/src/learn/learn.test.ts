import { describe, expect, it } from "vitest";
import { binEdges, binIndex, niceEdge } from "./bin-numeric.ts";
import { detectLeak } from "./detect-leaks.ts";
import { learnPointsModel } from "./learn-points-model.ts";
import { fitLogistic, solveSymmetric } from "./logistic-regression.ts";
import { proposeBands } from "./propose-bands.ts";
import { isPositiveOutcome, rowToTraits, toTraitValue } from "./trait-value.ts";

describe("toTraitValue", () => {
  it.each([
    ["12", 12],
    [" -3.5 ", -3.5],
    ["1e3", 1000],
    ["Select", undefined],
    ["unknown", undefined],
    ["NA", undefined],
    ["", undefined],
    ["Returning_Visitor", "Returning_Visitor"],
    ["12 employees", "12 employees"],
  ])("%j → %j", (raw, want) => {
    expect(toTraitValue(raw)).toBe(want);
  });

  it("leaves missing cells out of the traits and reads outcomes", () => {
    expect(rowToTraits({ a: "1", b: "select", c: "x", won: "yes" }, new Set(["won"]))).toEqual({
      a: 1,
      c: "x",
    });
    expect([
      isPositiveOutcome("Yes"),
      isPositiveOutcome("0"),
      isPositiveOutcome(""),
      isPositiveOutcome("B", "b"),
    ]).toEqual([true, false, undefined, true]);
  });
});

describe("binEdges", () => {
  it("gives a long run of one value its own bin and splits the rest finely", () => {
    const values = [...Array(80).fill(0), ...Array.from({ length: 20 }, (_, i) => i + 1)];
    const edges = binEdges(values, { maxBins: 5, minBinRows: 5 });
    expect(edges[0]).toBe(1);
    expect(edges).toEqual([1, 6, 11, 16]);
    expect([
      binIndex(edges, 0),
      binIndex(edges, 1),
      binIndex(edges, 5.9),
      binIndex(edges, 99),
    ]).toEqual([0, 1, 1, 4]);
  });

  it("puts an edge at a short decimal between two neighbours", () => {
    expect(niceEdge(0.123456, 0.3456789)).toBe(0.2);
    expect(niceEdge(1, 2)).toBe(2);
  });
});

describe("fitLogistic", () => {
  it("solves a symmetric system", () => {
    const x = solveSymmetric(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
    expect([x[0], x[1]]).toEqual([expect.closeTo(0.5, 10), expect.closeTo(0, 10)]);
  });

  it("recovers the log-odds of a two-level feature without a penalty", () => {
    // Level 1: 20 of 100 positive; level 2: 50 of 100 positive.
    const rows = 200;
    const active = Int32Array.from({ length: rows }, (_, row) => (row < 100 ? 1 : 2));
    const labels = Uint8Array.from({ length: rows }, (_, row) =>
      row < 100 ? (row < 20 ? 1 : 0) : row < 150 ? 1 : 0,
    );
    const penalty = new Float64Array(9);
    penalty[4] = 1e-6;
    penalty[8] = 1e-6;
    const fit = fitLogistic({ rows, perRow: 1, active, labels, columns: 3 }, penalty);
    expect(fit.linearPredictor[0]).toBeCloseTo(Math.log(0.2 / 0.8), 4);
    expect(fit.linearPredictor[150]).toBeCloseTo(0, 4);
  });
});

describe("proposeBands and detectLeak", () => {
  it("cuts where conversion changes", () => {
    const scores = Array.from({ length: 300 }, (_, i) => Math.floor(i / 3));
    // Scores 0–39 never convert, 40–69 one in three, 70–99 always.
    const labels = Uint8Array.from(scores, (score, i) =>
      score >= 70 ? 1 : score >= 40 && i % 3 === 0 ? 1 : 0,
    );
    expect(proposeBands(scores, labels, 0)).toEqual([
      { name: "cold", from: 0 },
      { name: "warm", from: 40 },
      { name: "hot", from: 70 },
    ]);
  });

  it("names a column that is filled in only after the sale", () => {
    const labels = Uint8Array.from([1, 1, 0, 0, 0, 0]);
    const leak = detectLeak("closed_amount", 1, labels, [true, true, false, false, false, false]);
    expect(leak?.reasons).toHaveLength(3);
    expect(
      detectLeak("employees", 0.6, labels, [true, true, true, true, true, true]),
    ).toBeUndefined();
  });
});

describe("learnPointsModel", () => {
  it("gives the converting level points and a band above it", () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({
      plan: i % 2 === 0 ? "pro" : "free",
      visits: String(i % 10),
      won: (i % 2 === 0 && i % 10 >= 4) || i % 37 === 0 ? "TRUE" : "FALSE",
    }));
    const result = learnPointsModel(rows, ["plan", "visits", "won"], {
      target: "won",
      segment: false,
    });
    expect(result.ok).toBe(true);
    const report = result.ok ? result.value : undefined;
    expect(report?.training.auc).toBeGreaterThan(0.8);
    expect(
      report?.model.fit.find((rule) => JSON.stringify(rule.when).includes('"pro"'))?.points,
    ).toBeGreaterThan(0);
    expect(report?.model.bands[0]).toEqual({ name: "cold", from: 0 });
  });

  it("learns from a rare outcome (1%) and warns that it is unbalanced", () => {
    // One lead in 40 converts among large companies, one in 200 among the rest.
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const employees = (i * 7) % 1000;
      const won = employees >= 800 ? i % 40 === 0 : i % 200 === 0;
      return { employees: String(employees), won: won ? "1" : "0" };
    });
    const result = learnPointsModel(rows, ["employees", "won"], { target: "won" });
    expect(result.ok).toBe(true);
    const report = result.ok ? result.value : undefined;
    expect(report?.positives).toBe(27);
    expect(report?.warnings).toEqual([
      expect.stringContaining("unbalanced outcomes: 0.9% positive"),
    ]);
    expect(report?.model.fit.length).toBeGreaterThan(0);
    expect(report?.training.auc).toBeGreaterThan(0.65);
  });
});
