import { type CompiledModel, compileModel, type Model, parseModel } from "@leadscore/core";
import type { ModelVersionRow } from "../../ports/store.ts";
import type { ServiceError } from "../app-services.ts";
import type { ModelRef } from "./report-api.ts";

export interface ResolvedModel {
  readonly model: Model;
  readonly compiled: CompiledModel;
  /** The published version, or null for a draft. */
  readonly version: number | null;
  /** Identifies the model's rules, for caching results computed with them. */
  readonly cacheKey: string;
}

type Resolution = { ok: true; value: ResolvedModel } | { ok: false; error: ServiceError };

const pointerSegment = (segment: string | number) =>
  String(segment).replaceAll("~", "~0").replaceAll("/", "~1");

const invalidAt = (pointer: string, detail: string): Resolution => ({
  ok: false,
  error: { code: "invalid", detail, errors: [{ pointer, detail }] },
});

/** Published versions and drafts as compiled models; published versions are compiled once. */
export class ModelResolver {
  readonly #versions: () => readonly ModelVersionRow[];
  readonly #compiled = new Map<string, ResolvedModel>();

  constructor(versions: () => readonly ModelVersionRow[]) {
    this.#versions = versions;
  }

  /** `pointer` locates the reference in the request, e.g. `/models/1`. */
  resolve(ref: ModelRef, pointer: string): Resolution {
    if ("document" in ref) return this.#draft(ref.document, pointer);
    const rows = this.#versions().filter((row) => row.modelId === ref.id);
    if (rows.length === 0) return invalidAt(`${pointer}/id`, `unknown model "${ref.id}"`);
    const row =
      ref.version === undefined ? rows.at(-1) : rows.find((r) => r.version === ref.version);
    if (row === undefined) {
      return invalidAt(`${pointer}/version`, `model "${ref.id}" has no version ${ref.version}`);
    }
    const key = `${row.modelId}@${row.version}`;
    const known = this.#compiled.get(key);
    if (known !== undefined) return { ok: true, value: known };
    const parsed = parseModel(JSON.parse(row.document));
    if (!parsed.ok) return invalidAt(pointer, `version ${key} no longer validates`);
    const value = {
      model: parsed.value,
      compiled: compileModel(parsed.value),
      version: row.version,
      cacheKey: key,
    };
    this.#compiled.set(key, value);
    return { ok: true, value };
  }

  #draft(document: unknown, pointer: string): Resolution {
    const parsed = parseModel(document);
    if (!parsed.ok) {
      const errors = parsed.error.map((problem) => ({
        pointer: [`${pointer}/document`, ...problem.path.map(pointerSegment)].join("/"),
        detail: problem.message,
      }));
      const detail = `the draft has ${errors.length} problem(s)`;
      return { ok: false, error: { code: "invalid", detail, errors } };
    }
    return {
      ok: true,
      value: {
        model: parsed.value,
        compiled: compileModel(parsed.value),
        version: null,
        cacheKey: `draft:${JSON.stringify(document)}`,
      },
    };
  }
}
