import { describe, expect, it } from "vitest";
import { createFormatter } from "./format.ts";

const en = createFormatter("en", "UTC");
const es = createFormatter("es", "UTC");
const at = Date.UTC(2026, 10, 23, 15, 5);

describe("createFormatter", () => {
  it("groups thousands per language", () => {
    expect(en.integer(123456)).toBe("123,456");
    expect(es.integer(123456)).toBe("123.456");
  });

  it("formats plain figures with up to two decimals", () => {
    expect(en.decimal(12345.678)).toBe("12,345.68");
    expect(es.decimal(12345.678)).toBe("12.345,68");
  });

  it("signs points and keeps two decimals with the language's separator", () => {
    expect(en.points(12.345)).toBe("+12.35");
    expect(es.points(12.345)).toBe("+12,35");
    expect(en.points(-3)).toBe("-3");
    expect(en.points(0)).toBe("0");
  });

  it("formats percentages", () => {
    expect(en.percent(0.256)).toBe("25.6%");
    expect(es.percent(0.256).replace(/\s/g, " ")).toBe("25,6 %");
  });

  it("formats dates in each language, from ISO strings and epoch ms alike", () => {
    expect(en.date(at)).toBe("Nov 23, 2026");
    expect(es.date(new Date(at).toISOString())).toBe("23 nov 2026");
    expect(en.shortDate(at)).toBe("Nov 23");
    expect(es.shortDate(at)).toBe("23 nov");
    expect(en.time(at)).toMatch(/^3:05\sPM$/);
    expect(es.time(at)).toBe("15:05");
  });

  it("says how long ago in words", () => {
    expect(en.relative(at - 3 * 3_600_000, at)).toBe("3 hours ago");
    expect(es.relative(at - 3 * 3_600_000, at)).toBe("hace 3 horas");
    expect(en.relative(at - 86_400_000, at)).toBe("yesterday");
    expect(es.relative(at + 2 * 86_400_000, at)).toBe("pasado mañana");
  });
});
