// Text typed into the editor's inputs, read as the JSON values the model language expects. Text that
// is not a valid value is kept as text, so the model parser reports it at that field.
import type { Json } from "./json-path.ts";

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A number when the text is one (comma accepted as the decimal mark), else the text itself. */
export function numberFromText(text: string): number | string {
  const trimmed = text.trim().replace(",", ".");
  return NUMBER.test(trimmed) ? Number(trimmed) : text;
}

/** Numbers become numbers, `true`/`false` booleans, the rest stays text. */
export function scalarFromText(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  const number = numberFromText(trimmed);
  return typeof number === "number" ? number : text;
}

/** A comma-separated list of plain values. */
export function listFromText(text: string): (string | number | boolean)[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map(scalarFromText);
}

/** How a value shows in a text input. */
export function textOf(value: Json): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(textOf).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export const DURATION_UNITS = ["m", "h", "d", "w"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** `30d` → amount "30", unit "d"; other text keeps its amount with the unit "d". */
export function splitDuration(value: Json): { amount: string; unit: DurationUnit } {
  const match = typeof value === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(value) : null;
  if (match === null) return { amount: typeof value === "string" ? value : "", unit: "d" };
  const unit = DURATION_UNITS.find((u) => u === match[2]);
  return unit === undefined
    ? { amount: value as string, unit: "d" }
    : { amount: match[1] ?? "", unit };
}

export function joinDuration(amount: string, unit: DurationUnit): string {
  const trimmed = amount.trim().replace(",", ".");
  return NUMBER.test(trimmed) ? `${Number(trimmed)}${unit}` : amount;
}

/** Event types as one string or a list, from comma-separated text. */
export function eventTypesFromText(text: string): string | string[] {
  const types = text
    .split(",")
    .map((type) => type.trim())
    .filter((type) => type !== "");
  return types.length === 1 ? (types[0] ?? "") : types.length === 0 ? "" : types;
}
