// Validates a draft with the scoring core's own parser (bundled in the browser), so the editor
// shows exactly the problems the server would refuse, at the field their path names.
import { parseModel } from "@leadscore/core";
import { isObject, type Json, type JsonPath, pathKey } from "./json-path.ts";

export interface DraftProblem {
  readonly path: JsonPath;
  readonly message: string;
}

export interface ProblemIndex {
  readonly all: readonly DraftProblem[];
  /** Problems at exactly this path. */
  at(path: JsonPath): readonly DraftProblem[];
  /** Problems at this path or below it (a rule card counts its own). */
  under(path: JsonPath): readonly DraftProblem[];
}

export function indexProblems(problems: readonly DraftProblem[]): ProblemIndex {
  const byKey = new Map<string, DraftProblem[]>();
  for (const problem of problems) {
    const key = pathKey(problem.path);
    byKey.set(key, [...(byKey.get(key) ?? []), problem]);
  }
  return {
    all: problems,
    at: (path) => byKey.get(pathKey(path)) ?? [],
    under: (path) =>
      problems.filter(
        (problem) =>
          problem.path.length >= path.length && path.every((key, i) => problem.path[i] === key),
      ),
  };
}

export const EMPTY_PROPERTY_NAME = "a property name is a non-empty string";

/** What the editor adds to the core's checks: an unnamed property would silently never match. */
function editorProblems(node: Json, path: JsonPath, found: DraftProblem[]): void {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) editorProblems(item, [...path, index], found);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "where" && isObject(value) && "" in value) {
      found.push({ path: [...path, "where", ""], message: EMPTY_PROPERTY_NAME });
    }
    editorProblems(value, [...path, key], found);
  }
}

export function validateDraft(document: Json): ProblemIndex {
  const parsed = parseModel(document);
  const found: DraftProblem[] = parsed.ok ? [] : [...parsed.error];
  editorProblems(document, [], found);
  return indexProblems(found);
}
