// Scales and ticks for the inline SVG charts.

export type Scale = (value: number) => number;

export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Round tick values (1, 2 or 5 × 10^n apart) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k += 1) {
    ticks.push(Number((k * step).toPrecision(12)));
  }
  return ticks;
}

/** The top of a value axis: the largest value rounded up to a nice tick (at least `floor`). */
export function niceMax(values: readonly number[], floor = 1): number {
  const max = Math.max(floor, ...values.filter((v) => Number.isFinite(v)));
  const ticks = niceTicks(0, max, 4);
  const last = ticks.at(-1) ?? max;
  return last >= max ? last : last + (ticks[1] ?? max) - (ticks[0] ?? 0);
}
