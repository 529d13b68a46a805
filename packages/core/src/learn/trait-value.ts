/** A trait value read from a text cell: a number when the cell is one, otherwise the trimmed text. */
export type CellValue = string | number;

// Values CRM exports use for "not filled in"; compared case-insensitively after trimming.
const PLACEHOLDERS = new Set([
  "",
  "na",
  "n/a",
  "nan",
  "null",
  "none",
  "select",
  "unknown",
  "-",
  "?",
]);

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads one text cell as a trait value: placeholders become undefined, numbers become numbers.
 * @example toTraitValue(" 12 ") // 12; toTraitValue("Select") // undefined
 */
export function toTraitValue(raw: string | undefined): CellValue | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (PLACEHOLDERS.has(text.toLowerCase())) return undefined;
  if (NUMBER_PATTERN.test(text)) return Number(text);
  return text;
}

/**
 * The traits of a lead read from one CSV row; missing and placeholder cells are left out.
 * @example rowToTraits({ employees: "50", title: "Select" }) // { employees: 50 }
 */
export function rowToTraits(
  row: Readonly<Record<string, string | undefined>>,
  skip: ReadonlySet<string> = new Set(),
): Record<string, CellValue> {
  const traits: Record<string, CellValue> = {};
  for (const [name, raw] of Object.entries(row)) {
    if (skip.has(name)) continue;
    const value = toTraitValue(raw);
    if (value !== undefined) traits[name] = value;
  }
  return traits;
}

const POSITIVE_WORDS = new Set(["true", "yes", "y", "1", "won", "converted", "positive"]);

/**
 * Whether a target cell marks a positive outcome; undefined when the cell is missing.
 * Without an explicit positive value, true/yes/1/won count as positive.
 */
export function isPositiveOutcome(raw: string | undefined, positive?: string): boolean | undefined {
  if (raw === undefined || toTraitValue(raw) === undefined) return undefined;
  const text = raw.trim().toLowerCase();
  if (positive !== undefined) return text === positive.trim().toLowerCase();
  return POSITIVE_WORDS.has(text);
}
