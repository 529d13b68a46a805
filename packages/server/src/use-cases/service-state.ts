import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type {
  CommitResult,
  LogPosition,
  ModelVersionRow,
  RemoteUnit,
  Store,
  WriteLock,
  WriteUnit,
} from "../ports/store.ts";
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
  /** How far this process has applied the log, its own commits and other processes' alike. */
  position: LogPosition = { changeSeq: 0, eventSeq: 0 };
  #queue: Promise<unknown> = Promise.resolve();
  #following: Promise<void> | null = null;
  /** The store lock of the `exclusive` whose async context is running (none elsewhere). */
  readonly #lock = new AsyncLocalStorage<WriteLock>();
  readonly #remoteListeners: ((unit: RemoteUnit) => void)[] = [];

  constructor(options: ServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.now = options.now;
    this.newId = options.newId;
    this.graph = new IdentityGraph(() => options.newId("ld"));
  }

  /** One at a time in this process, so in-memory state changes in commit order. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Run a writer: the only one in this process and, through the store's write lock, across every
   * process on the store; it first applies what others committed, so it decides on the latest state.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      const lock = await this.store.lockWrites();
      try {
        await this.#catchUp();
        return await this.#lock.run(lock, work);
      } finally {
        await this.store.releaseWrites(lock);
      }
    });
  }

  /** Apply other processes' commits soon (the log follower, between writes); calls coalesce. */
  follow(): Promise<void> {
    this.#following ??= this.#serial(() => {
      this.#following = null;
      return this.#catchUp();
    });
    return this.#following;
  }

  /** Called with each unit another process committed, after the graph and book took it. */
  onRemoteUnit(listener: (unit: RemoteUnit) => void): void {
    this.#remoteListeners.push(listener);
  }

  /**
   * Commit a unit of this process: inside `exclusive` under its lock (the one use cases must
   * use there), else in a transaction of its own. The log position moves past it.
   */
  async commit(unit: WriteUnit): Promise<CommitResult> {
    const result = await this.store.commit(unit, this.#lock.getStore());
    if (result.position !== undefined) this.position = result.position;
    return result;
  }

  async #catchUp(): Promise<void> {
    if (!this.store.shared) return;
    for (;;) {
      const changes = await this.store.readRemoteChanges(this.position, LOG_PAGE_SIZE);
      for (const unit of changes.units) this.#applyRemote(unit);
      for (const event of changes.events) this.book.add(this.graph.resolve(event.leadId), event);
      this.position = changes.position;
      if (!changes.more) return;
    }
  }

  #applyRemote(unit: RemoteUnit): void {
    for (const id of unit.eraseLeadIds ?? []) {
      this.graph.erase(id);
      this.book.remove(id);
    }
    for (const hash of unit.suppressions ?? []) this.suppressions.add(hash);
    this.graph.load(unit.identities ?? [], []);
    for (const merge of unit.merges ?? []) {
      this.graph.applyMerge(merge);
      this.book.merge(merge.fromLeadId, this.graph.resolve(merge.intoLeadId));
    }
    for (const row of unit.modelVersions ?? []) {
      if (this.versions.some((v) => v.modelId === row.modelId && v.version === row.version))
        continue;
      this.versions.push(row);
      this.#activate(row);
      this.markAllDirty();
    }
    for (const listener of this.#remoteListeners) listener(unit);
  }

  /** Rebuild everything from the store: models, suppressions, identities, then the whole log. */
  async load(replayLog = true): Promise<void> {
    const store = this.store;
    // Changes committed while loading are applied again by the follower; applying them is idempotent.
    const start = await store.logPosition();
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
      afterSeq = page.events.at(-1)?.seq ?? afterSeq;
      if (page.nextSeq === null) break;
    }
    this.position = { changeSeq: start.changeSeq, eventSeq: replayLog ? afterSeq : start.eventSeq };
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
