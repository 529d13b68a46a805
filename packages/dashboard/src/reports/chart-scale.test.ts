import { describe, expect, it } from "vitest";
import { linearScale, niceMax, niceTicks } from "./chart-scale.ts";

describe("chart scales", () => {
  it("maps a domain onto a range", () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(5)).toBe(150);
    expect(linearScale([0, 1], [200, 0])(0.25)).toBe(150);
  });

  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 100, 4, [0, 50, 100]],
    [0, 37, 4, [0, 10, 20, 30]],
  ])("ticks from %d to %d (~%d)", (min, max, count, want) => {
    expect(niceTicks(min, max, count)).toEqual(want);
  });

  it("rounds the top of an axis up", () => {
    expect(niceMax([37])).toBe(40);
    expect(niceMax([0.27])).toBe(1);
    expect(niceMax([0.27], 0.01)).toBeCloseTo(0.3);
  });
});
