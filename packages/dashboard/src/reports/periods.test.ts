import { describe, expect, it } from "vitest";
import {
  dateInputValue,
  defaultBacktestWindow,
  periodBounds,
  presetPeriod,
  startOfDay,
} from "./periods.ts";

// The test process runs in the machine's zone; every expectation goes through local dates.
const at = (date: string, hour = 15) => startOfDay(date) + hour * 3_600_000;

describe("report periods", () => {
  it("reads and writes local days", () => {
    expect(dateInputValue(at("2026-03-07"))).toBe("2026-03-07");
    expect(Number.isNaN(startOfDay("7/3/2026"))).toBe(true);
  });

  it.each([
    ["last30", "2026-05-20", { from: "2026-04-21", to: "2026-05-20" }],
    ["last90", "2026-05-20", { from: "2026-02-20", to: "2026-05-20" }],
    ["thisQuarter", "2026-05-20", { from: "2026-04-01", to: "2026-05-20" }],
    ["lastQuarter", "2026-05-20", { from: "2026-01-01", to: "2026-03-31" }],
    ["lastQuarter", "2026-02-10", { from: "2025-10-01", to: "2025-12-31" }],
    ["thisYear", "2026-05-20", { from: "2026-01-01", to: "2026-05-20" }],
  ] as const)("%s on %s", (preset, today, want) => {
    expect(presetPeriod(preset, at(today))).toEqual(want);
  });

  it("covers whole days: up to the start of the day after the last one", () => {
    const bounds = periodBounds({ from: "2026-03-01", to: "2026-03-31" });
    expect(bounds.from).toBe(startOfDay("2026-03-01"));
    expect(bounds.to).toBe(startOfDay("2026-04-01"));
  });

  it("backtests as of 45 days ago over 30 days by default", () => {
    expect(defaultBacktestWindow(at("2026-05-20"))).toEqual({
      cutoff: "2026-04-05",
      horizon: "30d",
    });
  });
});
