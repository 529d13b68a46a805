// Dates the reports ask for, in the browser's time zone: a day starts at local midnight.

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a local day, as a date input shows it. */
export function dateInputValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight at the start of a `YYYY-MM-DD` day; NaN for anything else. */
export function startOfDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return Number.NaN;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

function addDays(date: string, days: number): string {
  const start = new Date(startOfDay(date));
  start.setDate(start.getDate() + days);
  return dateInputValue(start.getTime());
}

export const HORIZONS = ["14d", "30d", "60d", "90d"] as const;

/**
 * A backtest that fits a 90-day history: scored 45 days ago, judged on the 30 days after, so the
 * outcomes are known and the leads had time to show intent.
 */
export function defaultBacktestWindow(nowMs: number): { cutoff: string; horizon: string } {
  return { cutoff: dateInputValue(nowMs - 45 * DAY_MS), horizon: "30d" };
}

export const PERIOD_PRESETS = [
  "last30",
  "last90",
  "thisQuarter",
  "lastQuarter",
  "thisYear",
  "custom",
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface Period {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day included, `YYYY-MM-DD`. */
  readonly to: string;
}

/** The days a preset covers, ending today. */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, nowMs: number): Period {
  const today = dateInputValue(nowMs);
  const now = new Date(nowMs);
  const quarterStart = (year: number, quarter: number) =>
    dateInputValue(new Date(year, quarter * 3, 1).getTime());
  const quarter = Math.floor(now.getMonth() / 3);
  switch (preset) {
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "last90":
      return { from: addDays(today, -89), to: today };
    case "thisQuarter":
      return { from: quarterStart(now.getFullYear(), quarter), to: today };
    case "lastQuarter": {
      const year = quarter === 0 ? now.getFullYear() - 1 : now.getFullYear();
      const previous = quarter === 0 ? 3 : quarter - 1;
      return {
        from: quarterStart(year, previous),
        to: addDays(quarterStart(now.getFullYear(), quarter), -1),
      };
    }
    case "thisYear":
      return { from: `${now.getFullYear()}-01-01`, to: today };
  }
}

/** The half-open interval of epoch ms the API takes: [start of `from`, start of the day after `to`). */
export function periodBounds(period: Period): { from: number; to: number } {
  return { from: startOfDay(period.from), to: startOfDay(addDays(period.to, 1)) };
}
