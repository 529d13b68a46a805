// Figures of the evidence and funnel pages in the reader's language.
import type { Locale } from "../i18n/translate.ts";

export interface ReportFormat {
  /** AUC and agreement: three decimals. */
  auc(value: number | null): string;
  /** Lift: two decimals and a times sign (`2.90×`). */
  lift(value: number): string;
  /** `2026-03` as `Mar 2026`. */
  month(yearMonth: string): string;
  /** A time span in the largest unit that keeps it readable: `40 min`, `5 h`, `3.5 days`. */
  span(ms: number | null): string;
  /** A score on the model's scale, one decimal at most. */
  score(value: number | null): string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function createReportFormat(locale: Locale, timeZone?: string): ReportFormat {
  const auc = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const lift = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const score = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(locale, {
    month: "short",
    year: "numeric",
    timeZone: timeZone ?? "UTC",
  });
  const unit = (name: "minute" | "hour" | "day", digits: number) =>
    new Intl.NumberFormat(locale, {
      style: "unit",
      unit: name,
      unitDisplay: "long",
      maximumFractionDigits: digits,
    });
  const minutes = unit("minute", 0);
  const hours = unit("hour", 1);
  const days = unit("day", 1);
  return {
    auc: (value) => (value === null ? "—" : auc.format(value)),
    lift: (value) => `${lift.format(value)}×`,
    month: (yearMonth) => {
      const [year, monthNumber] = yearMonth.split("-").map(Number);
      if (year === undefined || monthNumber === undefined) return yearMonth;
      return month.format(new Date(Date.UTC(year, monthNumber - 1, 15)));
    },
    span: (ms) => {
      if (ms === null) return "—";
      if (ms < HOUR_MS) return minutes.format(ms / 60_000);
      if (ms < 2 * DAY_MS) return hours.format(ms / HOUR_MS);
      return days.format(ms / DAY_MS);
    },
    score: (value) => (value === null ? "—" : score.format(value)),
  };
}
