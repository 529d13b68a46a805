import { createHash } from "node:crypto";
import type { ModelVersionRow, Store } from "../ports/store.ts";
import type { AuthOptions } from "./auth-options.ts";
import { IdentityGraph } from "./identity-graph.ts";
import { LeadBook, type LeadRecord } from "./lead-book.ts";
import { compileScoringModel, type ScoringModel } from "./scoring-model.ts";

export interface ServiceOptions {
  readonly store: Store;
  /** Epoch ms; injected so tests control time. */
  readonly now: () => number;
  /** Unique ids with a prefix (`ld_…`, `msg_…`); injected so tests can make them deterministic. */
  readonly newId: (prefix: string) => string;
  /** How long ingest gathers concurrent requests into one transaction. */
  readonly groupCommitMs: number;
  /** Scores used for sorting and filtering are at most this old (decay keeps moving them). */
  readonly decayRefreshMs: number;
  /** Password hashing, session lifetimes and sign-in throttling; defaults when absent. */
  readonly auth?: AuthOptions;
}

export const LOG_PAGE_SIZE = 5000;

export function hashIdentifier(identifier: string): string {
  return createHash("sha256").update(identifier).digest("hex");
}

/** Counters for /metrics; names are final Prometheus names. */
export class Counters {
  readonly values = new Map<string, number>();
  add(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
}

/** The shared state of one running service: the store, identity graph, leads in memory and models. */
export class ServiceState {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: (prefix: string) => string;
  readonly options: ServiceOptions;
  graph: IdentityGraph;
  book = new LeadBook();
  models = new Map<string, ScoringModel>();
  versions: ModelVersionRow[] = [];
  suppressions = new Set<string>();
  readonly counters = new Counters();
  draining = false;
  /** When every lead's scores were last brought to the clock (decay refresh). */
  refreshedAt = Number.NEGATIVE_INFINITY;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.now = options.now;
    this.newId = options.newId;
    this.graph = new IdentityGraph(() => options.newId("ld"));
  }

  /** Run writers one at a time so in-memory state changes in the order of commits. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Rebuild everything from the store: models, suppressions, identities, then the whole log. */
  async load(replayLog = true): Promise<void> {
    const store = this.store;
    this.versions = [...(await store.modelVersions())];
    this.models = new Map();
    for (const row of this.versions) this.#activate(row);
    this.suppressions = new Set(await store.suppressions());
    this.graph = new IdentityGraph(() => this.newId("ld"));
    this.graph.load(await store.identities(), await store.merges());
    this.book = new LeadBook();
    let afterSeq = 0;
    for (; replayLog; ) {
      const page = await store.readEvents(afterSeq, LOG_PAGE_SIZE);
      for (const event of page.events) this.book.add(this.graph.resolve(event.leadId), event);
      if (page.nextSeq === null) break;
      afterSeq = page.nextSeq;
    }
    this.refreshedAt = Number.NEGATIVE_INFINITY;
  }

  #activate(row: ModelVersionRow): void {
    const compiled = compileScoringModel(JSON.parse(row.document), row.version);
    if (compiled.ok) this.models.set(row.modelId, compiled.value);
  }

  publish(row: ModelVersionRow, model: ScoringModel): void {
    this.versions.push(row);
    this.models.set(row.modelId, model);
  }

  activeModels(): ScoringModel[] {
    return [...this.models.values()];
  }

  isSuppressed(identifiers: readonly string[]): boolean {
    if (this.suppressions.size === 0) return false;
    return identifiers.some((id) => this.suppressions.has(hashIdentifier(id)));
  }

  /** One lead, fresh at `at` (always recomputed when its events changed). */
  fresh(lead: LeadRecord, at: number): LeadRecord {
    if (
      lead.dirty ||
      at - (lead.scores.values().next().value?.scoredAt ?? at) > this.options.decayRefreshMs
    ) {
      this.book.refresh(lead, this.activeModels(), at);
    }
    return lead;
  }

  /** Changed leads now; every lead when the decay refresh is due. Bounds how stale a sort key can be. */
  refreshIndex(at: number): void {
    const all = at - this.refreshedAt >= this.options.decayRefreshMs;
    const models = this.activeModels();
    for (const lead of this.book.leads.values()) {
      if (all || lead.dirty) this.book.refresh(lead, models, at);
    }
    if (all) this.refreshedAt = at;
  }

  markAllDirty(): void {
    for (const lead of this.book.leads.values()) lead.dirty = true;
  }

  findLead(id: string): LeadRecord | null {
    return this.book.leads.get(this.graph.resolve(id)) ?? null;
  }
}
