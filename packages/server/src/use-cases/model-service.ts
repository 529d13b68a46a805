import { parse as parseYaml } from "yaml";
import type { ModelVersionRow } from "../ports/store.ts";
import type {
  ModelApplyReport,
  ModelDetail,
  ModelService,
  ModelSource,
  ModelSummary,
  ModelVersion,
  PutModelInput,
  ServiceError,
  ServiceResult,
} from "./app-services.ts";
import { historyFor } from "./lead-book.ts";
import { notFound, ok } from "./lead-views.ts";
import { compileScoringModel, type ScoringModel } from "./scoring-model.ts";
import type { ServiceState } from "./service-state.ts";

function readSource(
  source: ModelSource,
): { ok: true; document: unknown } | { ok: false; error: ServiceError } {
  if ("document" in source) return { ok: true, document: source.document };
  try {
    const document = source.format === "yaml" ? parseYaml(source.text) : JSON.parse(source.text);
    return { ok: true, document };
  } catch (error) {
    const detail = `the model is not valid ${source.format.toUpperCase()}: ${(error as Error).message}`;
    return { ok: false, error: { code: "invalid", detail, errors: [{ pointer: "", detail }] } };
  }
}

function compileSource(
  source: ModelSource,
  version: number,
  expectedId: string | null,
): { ok: true; model: ScoringModel } | { ok: false; error: ServiceError } {
  const read = readSource(source);
  if (!read.ok) return read;
  const compiled = compileScoringModel(read.document, version);
  if (!compiled.ok) {
    const errors = compiled.error.map((p) => ({
      pointer: p.path.length === 0 ? "" : `/${p.path.join("/")}`,
      detail: p.message,
    }));
    return {
      ok: false,
      error: { code: "invalid", detail: `the model has ${errors.length} problem(s)`, errors },
    };
  }
  if (expectedId !== null && compiled.value.id !== expectedId) {
    const detail = `the document's id "${compiled.value.id}" differs from "${expectedId}"`;
    return { ok: false, error: { code: "invalid", detail, errors: [{ pointer: "/id", detail }] } };
  }
  return { ok: true, model: compiled.value };
}

export class ModelServiceImpl implements ModelService {
  readonly #state: ServiceState;

  constructor(state: ServiceState) {
    this.#state = state;
  }

  #latest(id: string): ModelVersionRow | undefined {
    return this.#state.versions.filter((v) => v.modelId === id).at(-1);
  }

  async list(): Promise<readonly ModelSummary[]> {
    return [...this.#state.models.keys()].sort().flatMap((id) => {
      const row = this.#latest(id);
      return row === undefined
        ? []
        : [{ id, name: row.name, version: row.version, publishedAt: row.publishedAt }];
    });
  }

  async get(id: string): Promise<ServiceResult<ModelDetail>> {
    const row = this.#latest(id);
    if (row === undefined) return notFound(`model ${id}`);
    return ok({
      id,
      name: row.name,
      version: row.version,
      publishedAt: row.publishedAt,
      document: JSON.parse(row.document),
    });
  }

  async versions(id: string): Promise<ServiceResult<readonly ModelVersion[]>> {
    const rows = this.#state.versions.filter((v) => v.modelId === id);
    if (rows.length === 0) return notFound(`model ${id}`);
    return ok(
      rows.map((r) => ({
        version: r.version,
        publishedAt: r.publishedAt,
        retroactive: r.retroactive,
      })),
    );
  }

  /** Band and stage of every lead under the published version of `modelId` at `at`. */
  #standings(modelId: string, at: number): Map<string, { band: string; stage: string }> {
    const standings = new Map<string, { band: string; stage: string }>();
    for (const lead of this.#state.book.leads.values()) {
      const slot = lead.models.get(modelId);
      if (slot !== undefined) standings.set(lead.id, slot.model.current(slot.state, at));
    }
    return standings;
  }

  /** Band and stage changes over all leads between two standings of one model. */
  #impact(
    before: Map<string, { band: string; stage: string }>,
    after: (leadId: string) => { band: string; stage: string } | undefined,
  ): { leadsRescored: number; bandChanges: number; stageChanges: number } {
    let bandChanges = 0;
    let stageChanges = 0;
    let leadsRescored = 0;
    for (const lead of this.#state.book.leads.values()) {
      const was = before.get(lead.id);
      const now = after(lead.id);
      leadsRescored++;
      if (was?.band !== now?.band) bandChanges++;
      if (was?.stage !== now?.stage) stageChanges++;
    }
    return { leadsRescored, bandChanges, stageChanges };
  }

  put(input: PutModelInput): Promise<ServiceResult<ModelApplyReport>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const version = (this.#latest(input.id)?.version ?? 0) + 1;
      const compiled = compileSource(input.source, version, input.id);
      if (!compiled.ok) return compiled;
      const at = state.now();
      const row: ModelVersionRow = {
        modelId: input.id,
        version,
        name: compiled.model.name,
        document: JSON.stringify(compiled.model.document),
        publishedAt: at,
        retroactive: input.retroactive,
      };
      await state.commit({
        modelVersions: [row],
        audit: [
          {
            at,
            action: "model.published",
            detail: { modelId: input.id, version, retroactive: input.retroactive },
          },
        ],
      });
      // Both paths rebuild every lead under the new version (ADR 0002 §8); only the report differs.
      const before = input.retroactive ? this.#standings(input.id, at) : null;
      state.publish(row, compiled.model);
      if (before === null) {
        return ok({
          version,
          retroactive: false,
          leadsRescored: 0,
          bandChanges: 0,
          stageChanges: 0,
        });
      }
      const after = this.#standings(input.id, at);
      const impact = this.#impact(before, (id) => after.get(id));
      return ok({ version, retroactive: true, ...impact });
    });
  }

  preview(id: string, source: ModelSource): Promise<ServiceResult<ModelApplyReport>> {
    const state = this.#state;
    return state.exclusive(async () => {
      const version = (this.#latest(id)?.version ?? 0) + 1;
      const compiled = compileSource(source, version, id);
      if (!compiled.ok) return compiled;
      const at = state.now();
      const next = compiled.model;
      const impact = this.#impact(this.#standings(id, at), (leadId) => {
        const lead = state.book.leads.get(leadId);
        return lead === undefined
          ? undefined
          : next.current(next.createState(historyFor(lead, id)), at);
      });
      return ok({ version, retroactive: true, ...impact });
    });
  }

  async version(id: string, version: number): Promise<ServiceResult<ModelDetail>> {
    const row = this.#state.versions.find((v) => v.modelId === id && v.version === version);
    if (row === undefined) return notFound(`model ${id} version ${version}`);
    return ok({
      id,
      name: row.name,
      version: row.version,
      publishedAt: row.publishedAt,
      document: JSON.parse(row.document),
    });
  }
}
