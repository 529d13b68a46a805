import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type {
  CommitResult,
  LeadMerge,
  LogPosition,
  ModelVersionRow,
  PresenceRow,
  RemoteUnit,
  Store,
  StoredEvent,
  WriteLock,
  WriteUnit,
} from "../ports/store.ts";
import type { AuthOptions } from "./auth-options.ts";
import { type ChangeCause, ChangeFeed } from "./change-feed.ts";
import { IdentityGraph } from "./identity-graph.ts";
import { LeadBook, type LeadRecord } from "./lead-book.ts";
import { compileScoringModel, type ScoringModel } from "./scoring-model.ts";
import { TimerHeap } from "./timer-heap.ts";

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
  /** While a queue keeps changing, the least time between its stream updates (default 5 ms). */
  readonly streamCoalesceMs?: number;
}

export const LOG_PAGE_SIZE = 5000;
/**
 * A slice of the background decay sweep stops re-valuing leads after this long (checked every
 * SWEEP_CHECK leads), so it never holds up a commit or a stream update for more than about a millisecond
 * (2,000 leads a slice took 2.5–6.6 ms on the 2-core bench machine).
 */
const SWEEP_SLICE_MS = 1;
const SWEEP_CHECK = 64;
/** Timers never sleep longer than this, so a clock that jumps (tests, suspend) is noticed. */
const MAX_SLEEP_MS = 60_000;

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

export interface CommittedChanges {
  readonly events?: readonly StoredEvent[];
  /** Parallel to `events`: only inserted ones are applied (the others were duplicates). */
  readonly inserted?: readonly boolean[];
  readonly merges?: readonly LeadMerge[];
  readonly presence?: readonly PresenceRow[];
}

/** The shared state of one running service: the store, identity graph, leads in memory and models. */
export class ServiceState {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: (prefix: string) => string;
  readonly options: ServiceOptions;
  graph: IdentityGraph;
  book: LeadBook;
  models = new Map<string, ScoringModel>();
  versions: ModelVersionRow[] = [];
  suppressions = new Set<string>();
  readonly counters = new Counters();
  /** Every change to lead state goes out through here (see change-feed.ts). */
  readonly feed = new ChangeFeed();
  readonly #wakeups = new TimerHeap();
  draining = false;
  /** When the last complete decay sweep started: every cached value is at least this fresh. */
  refreshedAt = Number.NEGATIVE_INFINITY;
  /** How far this process has applied the log, its own commits and other processes' alike. */
  position: LogPosition = { changeSeq: 0, eventSeq: 0 };
  #queue: Promise<unknown> = Promise.resolve();
  #writersWaiting = 0;
  #following: Promise<void> | null = null;
  /** The store lock of the `exclusive` whose async context is running (none elsewhere). */
  readonly #lock = new AsyncLocalStorage<WriteLock>();
  readonly #remoteListeners: ((unit: RemoteUnit) => void)[] = [];
  #timer: NodeJS.Timeout | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #sweepTimer: NodeJS.Timeout | null = null;
  #sweep: { iterator: Iterator<LeadRecord>; startedAt: number } | null = null;
  #timersOn = false;

  constructor(options: ServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.now = options.now;
    this.newId = options.newId;
    this.graph = new IdentityGraph(() => options.newId("ld"));
    this.book = new LeadBook(() => this.activeModels());
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
    this.#writersWaiting++;
    return this.#serial(async () => {
      this.#writersWaiting--;
      const lock = await this.store.lockWrites();
      try {
        await this.#catchUp();
        return await this.#lock.run(lock, work);
      } finally {
        await this.store.releaseWrites(lock);
      }
    });
  }

  /** Writers queued behind the running one (a long-running writer yields to them between units). */
  get writersWaiting(): number {
    return this.#writersWaiting;
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
   * use there), else in a transaction of its own. Only under the lock, where this process caught
   * up first, does the log position move past it: alone, others' earlier commits may be unread
   * (the follower skips this process's own units either way).
   */
  async commit(unit: WriteUnit): Promise<CommitResult> {
    const lock = this.#lock.getStore();
    const result = await this.store.commit(unit, lock);
    if (result.position !== undefined && lock !== undefined) this.position = result.position;
    return result;
  }

  async #catchUp(): Promise<void> {
    if (!this.store.shared) return;
    for (;;) {
      const changes = await this.store.readRemoteChanges(this.position, LOG_PAGE_SIZE);
      if (changes.reload === true) {
        await this.load();
        for (const unit of changes.units) this.#applyRemote(unit);
        return;
      }
      for (const unit of changes.units) this.#applyRemote(unit);
      // Through the same path as this process's commits: book, incremental scores, change feed.
      if (changes.events.length > 0) this.applyCommit({ events: changes.events });
      this.position = changes.position;
      if (!changes.more) return;
    }
  }

  #applyRemote(unit: RemoteUnit): void {
    for (const id of unit.eraseLeadIds ?? []) {
      if (this.book.leads.has(id)) this.removeLead(id);
      this.graph.erase(id);
    }
    for (const hash of unit.suppressions ?? []) this.suppressions.add(hash);
    this.graph.load(unit.identities ?? [], []);
    for (const merge of unit.merges ?? []) this.graph.applyMerge(merge);
    if (unit.merges?.length || unit.presence?.length) {
      this.applyCommit({ merges: unit.merges ?? [], presence: unit.presence ?? [] });
    }
    for (const row of unit.modelVersions ?? []) {
      if (this.versions.some((v) => v.modelId === row.modelId && v.version === row.version))
        continue;
      const compiled = compileScoringModel(JSON.parse(row.document), row.version);
      if (compiled.ok) this.publish(row, compiled.value);
    }
    for (const listener of this.#remoteListeners) listener(unit);
  }

  /**
   * Rebuild after a unit of this process failed to commit (the graph took claims the store refused).
   * Other processes' change units since the last one applied are read again afterwards: the rebuild
   * covers their events, identities and models, but the services that follow units (keys, queue
   * versions, claims) learn of them only from the units. Applying a unit twice changes nothing.
   */
  async reload(): Promise<void> {
    const applied = this.position.changeSeq;
    await this.load();
    this.position = { ...this.position, changeSeq: Math.min(applied, this.position.changeSeq) };
  }

  /** Rebuild everything from the store: models, suppressions, identities, the log, presence. */
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
    this.book = new LeadBook(() => this.activeModels(), this.book.watched);
    this.#wakeups.clear();
    let afterSeq = 0;
    for (; replayLog; ) {
      const page = await store.readEvents(afterSeq, LOG_PAGE_SIZE);
      for (const event of page.events) this.book.append(this.graph.resolve(event.leadId), event);
      afterSeq = page.events.at(-1)?.seq ?? afterSeq;
      if (page.nextSeq === null) break;
    }
    for (const lead of this.book.leads.values()) this.book.rebuild(lead);
    if (replayLog) {
      for (const row of await store.presence())
        this.book.seen(this.graph.resolve(row.leadId), row.seenAt);
    }
    const at = this.now();
    for (const lead of this.book.leads.values()) this.#value(lead, at);
    this.refreshedAt = at;
    this.feed.publish({ leadIds: new Set(this.book.leads.keys()), cause: "load", at });
    this.position = { changeSeq: start.changeSeq, eventSeq: replayLog ? afterSeq : start.eventSeq };
  }

  #activate(row: ModelVersionRow): void {
    const compiled = compileScoringModel(JSON.parse(row.document), row.version);
    if (compiled.ok) this.models.set(row.modelId, compiled.value);
  }

  /** A new model version: every lead is rebuilt under it at once (replay from memory). */
  publish(row: ModelVersionRow, model: ScoringModel): void {
    this.versions.push(row);
    this.models.set(row.modelId, model);
    this.book.rebuildModel(model);
    const at = this.now();
    for (const lead of this.book.leads.values()) this.#value(lead, at);
    this.feed.publish({ leadIds: new Set(this.book.leads.keys()), cause: "model", at });
  }

  activeModels(): ScoringModel[] {
    return [...this.models.values()];
  }

  isSuppressed(identifiers: readonly string[]): boolean {
    if (this.suppressions.size === 0) return false;
    return identifiers.some((id) => this.suppressions.has(hashIdentifier(id)));
  }

  findLead(id: string): LeadRecord | null {
    return this.book.leads.get(this.graph.resolve(id)) ?? null;
  }

  /** Apply what a unit just committed to the in-memory state, then tell subscribers which leads changed. */
  applyCommit(changes: CommittedChanges): void {
    const merged = new Set<string>();
    for (const merge of changes.merges ?? []) {
      const into = this.graph.resolve(merge.intoLeadId);
      if (this.book.leads.has(merge.fromLeadId)) {
        this.book.merge(merge.fromLeadId, into);
        merged.add(merge.fromLeadId).add(into);
      }
    }
    const inserted = changes.inserted;
    const touched = this.book.applyCommitted(
      changes.events ?? [],
      (event) => this.graph.resolve(event.leadId),
      inserted === undefined ? undefined : (i) => inserted[i] === false,
    );
    for (const id of merged) touched.add(id);
    for (const row of changes.presence ?? []) {
      const leadId = this.graph.resolve(row.leadId);
      if (this.book.seen(leadId, row.seenAt)) touched.add(leadId);
    }
    this.notify(touched, "commit");
  }

  /** Re-value these leads now and publish them (commits, claims, erasures). */
  notify(leadIds: ReadonlySet<string>, cause: ChangeCause): void {
    const at = this.now();
    for (const id of leadIds) {
      const lead = this.book.leads.get(id);
      if (lead !== undefined) this.#value(lead, at);
    }
    this.feed.publish({ leadIds, cause, at });
  }

  removeLead(leadId: string): void {
    this.book.remove(leadId);
    this.notify(new Set([leadId]), "commit");
  }

  /** Ask to be woken for `leadId` at `at` (grade windows, callbacks, leases): it is re-published then. */
  wakeAt(leadId: string, at: number): void {
    if (this.#wakeups.schedule(leadId, at)) this.#armTimer();
  }

  #value(lead: LeadRecord, at: number): boolean {
    const changed = this.book.value(lead, at);
    if (lead.nextGradeAt !== null) this.wakeAt(lead.id, lead.nextGradeAt);
    return changed;
  }

  /** Process every wake-up due by `now`; reads call it too, so a fake clock needs no timers. */
  advanceTime(now: number = this.now()): void {
    const due = new Set<string>();
    this.#wakeups.popDue(now, due);
    if (due.size === 0) return;
    for (const id of due) {
      const lead = this.book.leads.get(id);
      if (lead !== undefined) this.#value(lead, now);
    }
    this.feed.publish({ leadIds: due, cause: "time", at: now });
  }

  /**
   * Before a read that sorts or filters: due wake-ups, and a full decay refresh when the background sweep
   * has not kept cached values within `decayRefreshMs` (no timers, or a stalled process).
   */
  catchUp(now: number = this.now()): void {
    this.advanceTime(now);
    if (now - this.refreshedAt < this.options.decayRefreshMs) return;
    const changed = new Set<string>();
    for (const lead of this.book.leads.values()) if (this.#value(lead, now)) changed.add(lead.id);
    this.refreshedAt = now;
    this.#sweep = null;
    this.feed.publish({ leadIds: changed, cause: "decay", at: now });
  }

  /** Real timers: wake-ups at their instants, and a decay sweep in slices every half refresh period. */
  startTimers(): void {
    if (this.#timersOn) return;
    this.#timersOn = true;
    this.#armTimer();
    const period = Math.max(1, this.options.decayRefreshMs / 2);
    this.#sweepTimer = setInterval(() => this.#startSweep(), period);
    this.#sweepTimer.unref();
  }

  stopTimers(): void {
    this.#timersOn = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer);
    this.#timer = null;
    this.#sweepTimer = null;
    this.#sweep = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #armTimer(): void {
    if (!this.#timersOn) return;
    const due = this.#wakeups.peek();
    if (due === null || due >= this.#timerAt) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timerAt = due;
    const delay = Math.min(MAX_SLEEP_MS, Math.max(0, due - this.now()));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.advanceTime();
      this.#armTimer();
    }, delay);
    this.#timer.unref();
  }

  #startSweep(): void {
    if (this.#sweep !== null) return;
    this.#sweep = { iterator: this.book.leads.values(), startedAt: this.now() };
    this.#sweepSlice();
  }

  #sweepSlice(): void {
    const sweep = this.#sweep;
    if (sweep === null || !this.#timersOn) return;
    const at = this.now();
    const changed = new Set<string>();
    const startedAt = performance.now();
    for (let i = 1; ; i++) {
      if (i % SWEEP_CHECK === 0 && performance.now() - startedAt >= SWEEP_SLICE_MS) break;
      const next = sweep.iterator.next();
      if (next.done === true) {
        this.#sweep = null;
        this.refreshedAt = Math.max(this.refreshedAt, sweep.startedAt);
        break;
      }
      if (this.#value(next.value, at)) changed.add(next.value.id);
    }
    this.feed.publish({ leadIds: changed, cause: "decay", at });
    if (this.#sweep !== null) setImmediate(() => this.#sweepSlice());
  }
}
