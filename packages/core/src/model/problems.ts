import type { ModelProblem } from "../types.ts";

export type Path = readonly (string | number)[];

/** Collects every problem of a document instead of stopping at the first. */
export class ProblemList {
  readonly items: ModelProblem[] = [];

  add(path: Path, message: string): void {
    this.items.push({ path: [...path], message });
  }
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
