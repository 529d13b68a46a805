import { describe, expect, it } from "vitest";
import { traitLabel } from "./trait-label.ts";

describe("traitLabel", () => {
  it.each([
    ["jobTitle", "Job title"],
    ["timeframeMonths", "Timeframe months"],
    ["postcode_distance_km", "Postcode distance km"],
    ["email", "Email"],
    ["utm-source", "Utm source"],
    ["", ""],
  ])("%s → %s", (name, label) => {
    expect(traitLabel(name)).toBe(label);
  });
});
