import type { WireTime } from "../api/api-types.ts";
import type { Locale } from "./translate.ts";

// Region-neutral tags: Spanish speakers span many countries, so we do not pick one for them.
const intlTag: Record<Locale, string> = { en: "en", es: "es" };

export function toDate(value: WireTime): Date {
  return new Date(value);
}

export interface Formatter {
  readonly locale: Locale;
  integer(value: number): string;
  /** Up to 2 decimals, no sign: trait values and other plain figures. */
  decimal(value: number): string;
  /** Points keep up to 2 decimals and always show their sign, e.g. `+12.5`, `−3`. */
  points(value: number): string;
  percent(ratio: number): string;
  dateTime(value: WireTime): string;
  date(value: WireTime): string;
  /** Day and month only, for chart axes. */
  shortDate(value: WireTime): string;
  time(value: WireTime): string;
  /** `3 hours ago`, `in 2 days`, relative to `nowMs`. */
  relative(value: WireTime, nowMs: number): string;
}

const relativeSteps: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.345],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** `timeZone` is for tests; the browser's own zone is used otherwise. */
export function createFormatter(locale: Locale, timeZone?: string): Formatter {
  const tag = intlTag[locale];
  const zone = timeZone === undefined ? {} : { timeZone };
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 2 });
  const points = new Intl.NumberFormat(tag, {
    maximumFractionDigits: 2,
    signDisplay: "exceptZero",
  });
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "medium",
    timeStyle: "short",
    ...zone,
  });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: "medium", ...zone });
  const shortDate = new Intl.DateTimeFormat(tag, { month: "short", day: "numeric", ...zone });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: "short", ...zone });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });
  return {
    locale,
    integer: (value) => integer.format(value),
    decimal: (value) => decimal.format(value),
    points: (value) => points.format(value),
    percent: (ratio) => percent.format(ratio),
    dateTime: (value) => dateTime.format(toDate(value)),
    date: (value) => date.format(toDate(value)),
    shortDate: (value) => shortDate.format(toDate(value)),
    time: (value) => time.format(toDate(value)),
    relative: (value, nowMs) => {
      let amount = (toDate(value).getTime() - nowMs) / 1000;
      for (const [unit, size] of relativeSteps) {
        if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
        amount /= size;
      }
      return relative.format(Math.round(amount), "year");
    },
  };
}
