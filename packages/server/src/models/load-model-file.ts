import { readFile } from "node:fs/promises";
import type { Model, Result } from "@leadscore/core";
import { parseModel } from "@leadscore/core";
import type { Document } from "yaml";
import { isNode, LineCounter, parseDocument } from "yaml";

/** One problem of a model file, located by its path in the document and, where known, its line and column. */
export interface ModelFileProblem {
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

function locate(doc: Document, lineCounter: LineCounter, path: readonly (string | number)[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
}

/**
 * Parses a model file's text (YAML, or JSON, which is YAML too) and validates it.
 * Every problem carries its line and column.
 * @example parseModelText("id: m\n", "m.yaml")
 */
export function parseModelText(text: string, fileName: string): Result<Model, ModelFileProblem[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const position = error.linePos?.[0];
      const message = error.message.split("\n")[0] ?? error.message;
      return {
        file: fileName,
        path: [],
        message,
        ...(position !== undefined ? { line: position.line, column: position.col } : {}),
      };
    });
    return { ok: false, error: problems };
  }
  const parsed = parseModel(doc.toJS());
  if (parsed.ok) return parsed;
  const problems = parsed.error.map((problem) => ({
    file: fileName,
    path: problem.path,
    message: problem.message,
    ...locate(doc, lineCounter, problem.path),
  }));
  return { ok: false, error: problems };
}

/** Reads and validates a model file; a missing or unreadable file is a problem too, never a throw. */
export async function loadModelFile(path: string): Promise<Result<Model, ModelFileProblem[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "file not found"
        : (error as Error).message;
    return { ok: false, error: [{ file: path, path: [], message: reason }] };
  }
  return parseModelText(text, path);
}

/** `file:line:column  path  message`, the shape editors and terminals link. */
export function formatModelProblem(problem: ModelFileProblem): string {
  const where =
    problem.line === undefined
      ? problem.file
      : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path.length > 0 ? `${problem.path.join(".")}: ` : "";
  return `${where}  ${path}${problem.message}`;
}
