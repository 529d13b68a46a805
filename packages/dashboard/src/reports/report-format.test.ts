import { describe, expect, it } from "vitest";
import { createReportFormat } from "./report-format.ts";

describe("report figures", () => {
  it.each([
    ["en", "0.713", "2.90×", "Mar 2026", "3.5 days", "5 hours", "40 minutes"],
    ["es", "0,713", "2,90×", "mar 2026", "3,5 días", "5 horas", "40 minutos"],
  ] as const)("in %s", (locale, auc, lift, month, days, hours, minutes) => {
    const f = createReportFormat(locale);
    expect(f.auc(0.7131)).toBe(auc);
    expect(f.auc(null)).toBe("—");
    expect(f.lift(2.9)).toBe(lift);
    expect(f.month("2026-03")).toBe(month);
    expect(f.span(3.5 * 86_400_000)).toBe(days);
    expect(f.span(5 * 3_600_000)).toBe(hours);
    expect(f.span(40 * 60_000)).toBe(minutes);
  });
});
