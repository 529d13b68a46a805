import type { IdentityLink, LeadMerge } from "../ports/store.ts";

/** Identifiers as stored: `u:<userId>`, `a:<anonymousId>`, `e:<email>`. */
export const userKey = (userId: string): string => `u:${userId}`;
export const anonKey = (anonymousId: string): string => `a:${anonymousId}`;
export const emailKey = (email: string): string => `e:${email}`;

export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.trim().toLowerCase();
  return email.includes("@") && email.length <= 320 && !email.includes("\0") ? email : null;
}

export interface IdentityChange {
  readonly leadId: string;
  readonly links: readonly IdentityLink[];
  readonly merges: readonly LeadMerge[];
  readonly created: boolean;
}

const NO_LINKS: readonly IdentityLink[] = Object.freeze([]);
const NO_MERGES: readonly LeadMerge[] = Object.freeze([]);

export interface IdentityClaims {
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly email: string | null;
  /** Alias: the id the user had before (an anonymousId or an earlier userId). */
  readonly previousId?: string | null;
}

/**
 * Maps identifiers to leads and follows merges. Anonymous leads join a known lead automatically;
 * two known leads (each with a userId or email) merge only through `mergeExplicit`.
 */
export class IdentityGraph {
  readonly #links = new Map<string, string>();
  readonly #mergedInto = new Map<string, string>();
  readonly #known = new Set<string>();
  readonly #newId: () => string;

  constructor(newId: () => string) {
    this.#newId = newId;
  }

  load(links: readonly IdentityLink[], merges: readonly LeadMerge[]): void {
    for (const merge of merges) this.#mergedInto.set(merge.fromLeadId, merge.intoLeadId);
    for (const link of links) this.#link(link.identifier, link.leadId);
  }

  #link(identifier: string, leadId: string): void {
    this.#links.set(identifier, leadId);
    if (!identifier.startsWith("a:")) this.#known.add(this.resolve(leadId));
  }

  /** The lead an id stands for now, following merges; the id itself when never merged. */
  resolve(leadId: string): string {
    let current = leadId;
    for (let hops = 0; hops < 1000; hops++) {
      const next = this.#mergedInto.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  lookup(identifier: string): string | null {
    const leadId = this.#links.get(identifier);
    return leadId === undefined ? null : this.resolve(leadId);
  }

  isKnown(leadId: string): boolean {
    return this.#known.has(this.resolve(leadId));
  }

  identifiersOf(leadId: string): string[] {
    const target = this.resolve(leadId);
    return [...this.#links].filter(([, id]) => this.resolve(id) === target).map(([key]) => key);
  }

  /** Every raw id that now resolves to `leadId` (itself and everything merged into it). */
  aliasesOf(leadId: string): string[] {
    const target = this.resolve(leadId);
    const ids = [target];
    for (const from of this.#mergedInto.keys()) {
      if (from !== target && this.resolve(from) === target) ids.push(from);
    }
    return ids;
  }

  /**
   * The lead of a message that carries one id, already linked, and nothing else (most events): what
   * `claim` would return without writing anything. Null when `claim` has work to do.
   */
  linkedLead(claims: IdentityClaims): string | null {
    if (claims.email !== null || claims.previousId) return null;
    if (claims.anonymousId === null) {
      return claims.userId === null ? null : this.lookup(userKey(claims.userId));
    }
    return claims.userId === null ? this.lookup(anonKey(claims.anonymousId)) : null;
  }

  /** Resolve a message's identity claims to a lead, joining anonymous visitors; mutates the graph. */
  claim(claims: IdentityClaims, at: number): IdentityChange {
    // Most events carry one id that is already linked: nothing to write, nothing to merge.
    const linked = this.linkedLead(claims);
    if (linked !== null)
      return { leadId: linked, links: NO_LINKS, merges: NO_MERGES, created: false };
    const links: IdentityLink[] = [];
    const merges: LeadMerge[] = [];
    const keys: string[] = [];
    if (claims.userId !== null) keys.push(userKey(claims.userId));
    if (claims.email !== null) keys.push(emailKey(claims.email));
    const anonymous: string[] = [];
    if (claims.anonymousId !== null) anonymous.push(anonKey(claims.anonymousId));
    if (claims.previousId) {
      const previousUser = this.lookup(userKey(claims.previousId));
      anonymous.push(
        previousUser !== null ? userKey(claims.previousId) : anonKey(claims.previousId),
      );
    }
    let target: string | null = null;
    for (const key of [...keys, ...anonymous]) {
      target = target ?? this.lookup(key);
    }
    const created = target === null;
    const leadId = target ?? this.#newId();
    for (const key of [...keys, ...anonymous]) {
      const existing = this.lookup(key);
      if (existing === null) {
        this.#link(key, leadId);
        links.push({ identifier: key, leadId });
      } else if (existing !== leadId && !this.isKnown(existing)) {
        // An anonymous visitor joins the lead; its events count for it from now on (S13).
        this.#mergedInto.set(existing, leadId);
        merges.push({ fromLeadId: existing, intoLeadId: leadId, at });
      }
    }
    if (keys.length > 0) this.#known.add(leadId);
    return { leadId, links, merges, created };
  }

  /** Explicit merge of two leads (known or not). Idempotent: merging an already merged pair is a no-op. */
  mergeExplicit(fromId: string, intoId: string, at: number): LeadMerge | null {
    const from = this.resolve(fromId);
    const into = this.resolve(intoId);
    if (from === into) return null;
    this.#mergedInto.set(from, into);
    if (this.#known.delete(from)) this.#known.add(into);
    return { fromLeadId: from, intoLeadId: into, at };
  }

  /** Forget a lead and everything merged into it; returns the raw ids and identifiers removed. */
  erase(leadId: string): { leadIds: string[]; identifiers: string[] } {
    const leadIds = this.aliasesOf(leadId);
    const identifiers = this.identifiersOf(leadId);
    for (const key of identifiers) this.#links.delete(key);
    for (const id of leadIds) {
      this.#mergedInto.delete(id);
      this.#known.delete(id);
    }
    return { leadIds, identifiers };
  }

  /** Apply a merge read back from the log (replay), without deciding anything. */
  applyMerge(merge: LeadMerge): void {
    const into = this.resolve(merge.intoLeadId);
    const from = this.resolve(merge.fromLeadId);
    if (from === into) return;
    this.#mergedInto.set(merge.fromLeadId, into);
    if (this.#known.delete(from)) this.#known.add(into);
  }
}
