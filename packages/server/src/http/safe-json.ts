import type { ProblemError } from "./problem.ts";

export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export type SafeJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly code: "malformed_json" | "too_deep" | "forbidden_key";
      readonly error: ProblemError;
    };

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * JSON.parse, then reject nesting deeper than `maxDepth` and keys that could pollute prototypes
 * once a handler copies the object. The walk stops at `maxDepth`, so hostile input cannot recurse deeply.
 */
export function parseJsonSafely(text: string, maxDepth = MAX_JSON_DEPTH): SafeJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "invalid JSON";
    return { ok: false, code: "malformed_json", error: { pointer: "", detail } };
  }
  const path: (string | number)[] = [];
  const problem = findProblem(value, path, maxDepth);
  return problem === null ? { ok: true, value } : { ok: false, ...problem };
}

type WalkProblem = { code: "too_deep" | "forbidden_key"; error: ProblemError };

const toPointer = (path: readonly (string | number)[]) =>
  path.map((key) => `/${pointerToken(key)}`).join("");

// The path is a stack built only into a pointer when a problem is found: this runs on every ingest body.
function findProblem(
  value: unknown,
  path: (string | number)[],
  maxDepth: number,
): WalkProblem | null {
  if (value === null || typeof value !== "object") return null;
  if (path.length >= maxDepth) {
    const detail = `nesting deeper than ${maxDepth} levels`;
    return { code: "too_deep", error: { pointer: toPointer(path), detail } };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      const found = findProblem(value[index], path, maxDepth);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      const detail = `key "${key}" is not allowed`;
      return { code: "forbidden_key", error: { pointer: toPointer(path), detail } };
    }
    const found = findProblem((value as Record<string, unknown>)[key], path, maxDepth);
    path.pop();
    if (found !== null) return found;
  }
  return null;
}
