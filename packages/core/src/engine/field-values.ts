// The value semantics every predicate shares: how a field is read and what "equal" means across types.
// compile-condition.ts specialises these per operand at compile time; interpret-condition.ts uses them as written.

export type Fields = Readonly<Record<string, unknown>> | undefined;

/** Reads `name` from a record; a dotted name walks nested objects when no flat key matches. */
export function readField(record: Fields, name: string): unknown {
  if (record === undefined) return undefined;
  const direct = record[name];
  if (direct !== undefined || !name.includes(".")) return direct;
  let current: unknown = record;
  for (const part of name.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}

/** `eq`: strict equality, or the value's string/number form equals the expected one (model values are JSON). */
export function equals(value: unknown, expected: unknown): boolean {
  if (value === expected) return true;
  if (expected === null) return value === undefined;
  if (typeof expected === "number") return toNumber(value) === expected;
  if (typeof expected === "string")
    return (typeof value === "number" || typeof value === "boolean") && String(value) === expected;
  if (typeof expected === "boolean") return value === String(expected);
  return false;
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}
