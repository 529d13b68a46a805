import { describe, expect, it } from "vitest";
import { leadStanding } from "./lead-standing.ts";

const lead = {
  models: {
    b2b: { score: 80, band: "hot", stage: "mql", grade: "A" },
    plg: { score: 10, band: "cold", stage: "lead", grade: null },
  },
};

describe("leadStanding", () => {
  it("shows the chosen model", () => {
    expect(leadStanding(lead, "plg")?.band).toBe("cold");
  });

  it("falls back to the first model when none is chosen", () => {
    expect(leadStanding(lead, "")?.score).toBe(80);
  });

  it("has nothing for a model that does not score the lead", () => {
    expect(leadStanding(lead, "other")).toBeUndefined();
    expect(leadStanding({ models: {} }, "")).toBeUndefined();
  });
});
