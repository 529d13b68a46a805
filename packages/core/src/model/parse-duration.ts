const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/**
 * Parses a model duration into milliseconds, or undefined when the text is not one.
 * @example parseDuration("30d") // 2_592_000_000
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unitMs = UNIT_MS[match[2] ?? ""];
  if (unitMs === undefined || !Number.isFinite(amount)) return undefined;
  return amount * unitMs;
}
