import { describe, expect, it } from "vitest";
import { auc } from "./auc.ts";
import { bandMetrics, conversionBy } from "./band-metrics.ts";
import { calibration } from "./calibration.ts";
import { evaluateScores } from "./evaluate-scores.ts";
import { gainsByDecile } from "./gains.ts";

const lead = (score: number, positive: boolean) => ({ score, positive });

describe("auc", () => {
  it.each([
    { name: "perfect ranking", rows: [lead(3, true), lead(2, true), lead(1, false)], want: 1 },
    { name: "inverted ranking", rows: [lead(1, true), lead(2, false), lead(3, false)], want: 0 },
    { name: "all tied", rows: [lead(5, true), lead(5, false), lead(5, false)], want: 0.5 },
    // pairs (pos, neg): (4,1)=1 (4,4)=.5 (2,1)=1 (2,4)=0 → 2.5/4
    {
      name: "ties count one half",
      rows: [lead(4, true), lead(2, true), lead(1, false), lead(4, false)],
      want: 0.625,
    },
    // pos 3,3,1 neg 3,2: (3,3)=.5 (3,2)=1 twice, (1,3)=0 (1,2)=0 → 3/6
    {
      name: "several tie groups",
      rows: [lead(3, true), lead(3, true), lead(1, true), lead(3, false), lead(2, false)],
      want: 0.5,
    },
  ])("$name", ({ rows, want }) => {
    expect(auc(rows)).toBeCloseTo(want, 12);
  });

  it("is undefined without both classes", () => {
    expect(auc([lead(1, true), lead(2, true)])).toBeNull();
    expect(auc([])).toBeNull();
  });
});

describe("gainsByDecile", () => {
  // 20 leads, scores 20…1; positives at scores 20, 19, 15 and 1 (4 of 20 = 20%).
  const rows = Array.from({ length: 20 }, (_, index) =>
    lead(20 - index, [20, 19, 15, 1].includes(20 - index)),
  );

  it("computes lift and cumulative gains by hand", () => {
    const deciles = gainsByDecile(rows);
    expect(deciles).toHaveLength(10);
    // Top decile = scores 20 and 19: 2 positives of 2 → conversion 1, lift 1 / 0.2 = 5.
    expect(deciles[0]).toMatchObject({ rows: 2, positives: 2, conversion: 1, lift: 5 });
    expect(deciles[0]!.cumulativeGain).toBeCloseTo(0.5);
    // Decile 3 = scores 16 and 15: 1 positive; cumulative 3 of 4 after 6 rows.
    expect(deciles[2]).toMatchObject({ positives: 1, lift: 2.5 });
    expect(deciles[2]!.cumulativeGain).toBeCloseTo(0.75);
    expect(deciles[2]!.cumulativeLift).toBeCloseTo(3 / 6 / 0.2);
    expect(deciles[9]!.cumulativeGain).toBeCloseTo(1);
    expect(deciles[9]!.minScore).toBe(1);
  });

  it("splits a tie group across a decile edge in proportion", () => {
    // 10 leads, all scored 5, 3 positives: each decile expects 0.3 positives, lift 1.
    const tied = Array.from({ length: 10 }, (_, index) => lead(5, index < 3));
    const deciles = gainsByDecile(tied);
    expect(deciles[0]!.positives).toBeCloseTo(0.3);
    expect(deciles[0]!.lift).toBeCloseTo(1);
    expect(deciles[4]!.cumulativeGain).toBeCloseTo(0.5);
  });
});

describe("calibration", () => {
  it("bins scores on the scale and reports conversion per bin", () => {
    const rows = [lead(0, false), lead(9, true), lead(10, false), lead(55, true), lead(100, true)];
    const bins = calibration(rows, { min: 0, max: 100 }, 10);
    expect(bins[0]).toMatchObject({ from: 0, to: 10, rows: 2, positives: 1, conversion: 0.5 });
    expect(bins[0]!.meanScore).toBeCloseTo(4.5);
    expect(bins[1]).toMatchObject({ rows: 1, positives: 0, conversion: 0 });
    expect(bins[5]).toMatchObject({ rows: 1, conversion: 1 });
    expect(bins[2]).toMatchObject({ rows: 0, conversion: null, meanScore: null });
    // The maximum of the scale belongs to the last bin.
    expect(bins[9]).toMatchObject({ rows: 1, positives: 1 });
  });
});

describe("bandMetrics", () => {
  const bands = [
    { name: "cold", from: 0 },
    { name: "warm", from: 21 },
    { name: "hot", from: 41 },
  ];
  const rows = [
    lead(5, false),
    lead(20, true),
    lead(21, false),
    lead(30, true),
    lead(41, true),
    lead(90, false),
  ];

  it("reports conversion per band and precision/recall at each threshold", () => {
    const metrics = bandMetrics(rows, bands);
    expect(metrics.map((band) => [band.name, band.rows, band.positives])).toEqual([
      ["cold", 2, 1],
      ["warm", 2, 1],
      ["hot", 2, 1],
    ]);
    expect(metrics[0]!.atOrAbove).toEqual({ rows: 6, precision: 0.5, recall: 1 });
    expect(metrics[1]!.atOrAbove).toEqual({ rows: 4, precision: 0.5, recall: 2 / 3 });
    expect(metrics[2]!.atOrAbove).toEqual({ rows: 2, precision: 0.5, recall: 1 / 3 });
  });

  it("groups conversion by a label in the given order", () => {
    const labelled = [
      { ...lead(1, true), label: "mql" },
      { ...lead(1, false), label: "lead" },
      { ...lead(1, false), label: "mql" },
    ];
    expect(conversionBy(labelled, ["lead", "mql", "sql"])).toEqual([
      { name: "lead", rows: 1, positives: 0, conversion: 0 },
      { name: "mql", rows: 2, positives: 1, conversion: 0.5 },
    ]);
  });
});

describe("evaluateScores", () => {
  it("puts the headline figures in one object", () => {
    const leads = [
      { score: 80, positive: true, band: "hot", stage: "mql" },
      { score: 10, positive: false, band: "cold", stage: "lead" },
    ];
    const report = evaluateScores(
      leads,
      [
        { name: "cold", from: 0 },
        { name: "hot", from: 41 },
      ],
      {
        min: 0,
        max: 100,
      },
    );
    expect(report).toMatchObject({ rows: 2, positives: 1, conversion: 0.5, auc: 1 });
    expect(report.stages.map((stage) => stage.name)).toEqual(["lead", "mql"]);
    expect(report.bands.map((band) => band.conversion)).toEqual([0, 1]);
  });
});
