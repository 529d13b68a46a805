import btreeModule from "sorted-btree";
import type { ClaimRow } from "../../ports/store.ts";
import type { LeadBook, LeadModelSlot, LeadRecord } from "../lead-book.ts";
import type { QueueDefinition, QueueOrderKey } from "./queue-definition.ts";
import { eligibility } from "./queue-eligibility.ts";

// sorted-btree is CommonJS with an ES-style default: Node hands ESM importers the module object, bundlers
// and Vitest the class itself.
type BTreeClass = typeof btreeModule.default;
const BTree: BTreeClass =
  (btreeModule as unknown as { default?: BTreeClass }).default ??
  (btreeModule as unknown as BTreeClass);

/** Up to four order keys, each oriented so that smaller is better, then the lead id. */
interface QueueKey {
  readonly k0: number;
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  readonly id: string;
}

const cmp = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function compareKeys(a: QueueKey, b: QueueKey): number {
  return (
    cmp(a.k0, b.k0) ||
    cmp(a.k1, b.k1) ||
    cmp(a.k2, b.k2) ||
    cmp(a.k3, b.k3) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const GRADE_RANK: Readonly<Record<string, number>> = { A: 0, B: 1, C: 2, D: 3 };

function orderValue(key: QueueOrderKey, lead: LeadRecord, slot: LeadModelSlot): number {
  switch (key) {
    case "grade":
      return GRADE_RANK[slot.grade] ?? 4;
    case "score":
      return -slot.score;
    case "activity":
      return lead.lastActivityAt === null ? Number.POSITIVE_INFINITY : -lead.lastActivityAt;
    case "presence":
      return lead.lastSeenAt !== null && lead.lastSeenAt + slot.model.presenceMs > lead.valuedAt
        ? 0
        : 1;
  }
}

export interface QueueContext {
  readonly book: LeadBook;
  readonly claims: ReadonlyMap<string, ClaimRow>;
  wakeAt(leadId: string, at: number): void;
}

/**
 * One queue's order over its eligible leads, kept sorted in a B+ tree and updated lead by lead from the
 * change feed (see ARCHITECTURE.md). Reading the top N walks N keys; nothing is re-sorted.
 */
export class QueueIndex {
  readonly definition: QueueDefinition;
  readonly #tree = new BTree<QueueKey, string>(undefined, compareKeys);
  readonly #keys = new Map<string, QueueKey>();
  readonly #callbacksDue = new Set<string>();
  /** Bumped whenever a lead that is or was in the queue changed: the version of what GET and streams show. */
  version = 0;

  constructor(definition: QueueDefinition) {
    this.definition = definition;
  }

  get size(): number {
    return this.#keys.size;
  }

  has(leadId: string): boolean {
    return this.#keys.has(leadId);
  }

  isCallbackDue(leadId: string): boolean {
    return this.#callbacksDue.has(leadId);
  }

  /** Re-evaluate these leads at `at`; true when the queue's content may have changed. */
  update(leadIds: Iterable<string>, context: QueueContext, at: number): boolean {
    let touched = false;
    for (const id of leadIds) if (this.#evaluate(id, context, at)) touched = true;
    if (touched) this.version++;
    return touched;
  }

  rebuild(context: QueueContext, at: number): void {
    this.#tree.clear();
    this.#keys.clear();
    this.#callbacksDue.clear();
    for (const id of context.book.leads.keys()) this.#evaluate(id, context, at);
    this.version++;
  }

  #evaluate(id: string, context: QueueContext, at: number): boolean {
    const held = this.#keys.get(id);
    const lead = context.book.leads.get(id);
    const slot = lead?.models.get(this.definition.model);
    if (lead === undefined || slot === undefined) return this.#remove(id, held);
    const verdict = eligibility(this.definition, lead, slot, context.claims.get(id), at);
    if (!verdict.eligible) {
      if (verdict.until !== null) context.wakeAt(id, verdict.until);
      return this.#remove(id, held);
    }
    if (verdict.callbackDue) this.#callbacksDue.add(id);
    else this.#callbacksDue.delete(id);
    const order = this.definition.order;
    const value = (i: number) => {
      const key = order[i];
      return key === undefined ? 0 : orderValue(key, lead, slot);
    };
    const key: QueueKey = { k0: value(0), k1: value(1), k2: value(2), k3: value(3), id };
    if (held !== undefined) {
      if (compareKeys(held, key) === 0) return true;
      this.#tree.delete(held);
    }
    this.#tree.set(key, id);
    this.#keys.set(id, key);
    return true;
  }

  #remove(id: string, held: QueueKey | undefined): boolean {
    if (held === undefined) return false;
    this.#tree.delete(held);
    this.#keys.delete(id);
    this.#callbacksDue.delete(id);
    return true;
  }

  /** Lead ids in queue order, the first `limit` after skipping `offset`. */
  ids(limit: number, offset = 0): string[] {
    const ids: string[] = [];
    if (limit <= 0) return ids;
    let skipped = 0;
    for (const [, id] of this.#tree.entries()) {
      if (skipped < offset) {
        skipped++;
        continue;
      }
      ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  }

  /** Lead ids after `leadId` in queue order (claims walk past leads other processes hold). */
  idsAfter(leadId: string, limit: number): string[] {
    const key = this.#keys.get(leadId);
    if (key === undefined) return this.ids(limit);
    const ids: string[] = [];
    for (let pair = this.#tree.nextHigherPair(key); pair !== undefined && ids.length < limit; ) {
      ids.push(pair[1]);
      pair = this.#tree.nextHigherPair(pair[0]);
    }
    return ids;
  }
}
