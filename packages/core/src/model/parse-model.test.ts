import { describe, expect, it } from "vitest";
import { saasMainDocument } from "../fixtures/saas-main-document.ts";
import { parseModel } from "./parse-model.ts";

describe("parseModel", () => {
  it("accepts the issue's example and normalises durations to ms", () => {
    expect(parseModel(saasMainDocument)).toMatchObject({
      ok: true,
      value: {
        decay: { kind: "halfLife", halfLifeMs: 30 * 86_400_000 },
        engagement: [
          { limit: { times: 3, points: null, perMs: 30 * 86_400_000 } },
          {},
          {},
          {},
          {},
          {},
          {},
          {},
        ],
        grading: { aMs: 15 * 60_000 },
      },
    });
  });

  it("fills defaults: scale 0–100, bands cold/warm/hot, no decay", () => {
    const parsed = parseModel({ id: "tiny" });
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        scale: { min: 0, max: 100 },
        bands: [{ from: 0 }, { from: 21 }, { from: 41 }],
        decay: { kind: "none" },
      },
    });
  });

  it("lists every problem of a bad document, each with its path", () => {
    const parsed = parseModel({
      id: "Bad Id",
      bands: [
        { name: "cold", from: 0 },
        { name: "hot", from: 50 },
        { name: "warm", from: 21 },
      ],
      fit: [
        { id: "title", when: { trait: "jobTitle", resembles: "vp" }, points: 5 },
        { id: "title", when: { trait: "jobTitle", matches: "(vp" }, points: 5 },
      ],
      engagement: [
        {
          id: "click",
          when: { event: "email.clicked" },
          points: 5,
          limit: { times: 3, per: "30 days" },
        },
      ],
      decay: { halfLife: "soon" },
      stages: [{ stage: "promoted", when: { score: { gte: 41 } } }],
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.error;
    const byPath = problems.map((p) => `${p.path.join(".")}: ${p.message}`);
    expect(byPath).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id: a model id/),
        expect.stringMatching(/^bands\.2\.from: bands must be ascending/),
        expect.stringMatching(/^fit\.0\.when\.resembles: unknown predicate "resembles"/),
        expect.stringMatching(/^fit\.1\.id: duplicate rule id "title"/),
        expect.stringMatching(/^fit\.1\.when\.matches: bad regular expression/),
        expect.stringMatching(/^engagement\.0\.limit\.per: bad duration/),
        expect.stringMatching(/^decay\.halfLife: bad duration/),
        expect.stringMatching(
          /^stages\.0\.stage: unknown stage "promoted"|^stages\.0\.stage: unknown stage string "promoted"/,
        ),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it.each<[string, unknown, string]>([
    ["not an object", [], ""],
    ["first band above scale.min", { id: "m", bands: [{ name: "a", from: 5 }] }, "bands.0.from"],
    ["scale upside down", { id: "m", scale: { min: 10, max: 0 } }, "scale"],
    ["unknown top-level key", { id: "m", rulez: [] }, "rulez"],
    [
      "limit without times or points",
      { id: "m", engagement: [{ id: "a", when: { event: "x" }, points: 1, limit: { per: "1d" } }] },
      "engagement.0.limit",
    ],
    [
      "stage condition in a fit rule",
      { id: "m", fit: [{ id: "a", when: { score: { gte: 1 } }, points: 1 }] },
      "fit.0.when",
    ],
    ["grading windows shrinking", { id: "m", grading: { a: "2d", b: "1d" } }, "grading"],
  ])("rejects %s", (_name, doc, path) => {
    const parsed = parseModel(doc);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.error.map((p) => p.path.join("."))).toContain(path);
  });
});
