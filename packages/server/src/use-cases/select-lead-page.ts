import type { Grade, Stage } from "@leadscore/core";
import type { LeadSort, LeadSummary } from "./app-services.ts";
import { type LeadRecord, leadCompany, leadName } from "./lead-book.ts";
import { toSummary } from "./lead-views.ts";

export interface LeadPageQuery {
  readonly modelId: string | null;
  readonly band?: string;
  readonly stage?: Stage;
  readonly grade?: Grade;
  /** Trimmed and lower-cased already. */
  readonly q: string;
  readonly userId?: string;
  readonly email?: string;
  readonly sort: LeadSort;
  readonly limit: number;
  readonly after: { readonly key: number; readonly id: string } | null;
}

export interface SelectedLeadPage {
  readonly rows: readonly { readonly key: number; readonly summary: LeadSummary }[];
  readonly hasMore: boolean;
  readonly bandCounts: Readonly<Record<string, number>>;
}

interface Candidate {
  readonly key: number;
  readonly lead: LeadRecord;
}

// The lower-cased name, email and company a search looks in, kept until the lead's traits change
// (LeadBook replaces the traits object whenever it rebuilds a profile).
const searchTexts = new WeakMap<LeadRecord, { traits: object; text: string }>();

function searchText(lead: LeadRecord): string {
  const cached = searchTexts.get(lead);
  if (cached !== undefined && cached.traits === lead.traits) return cached.text;
  const text =
    `${leadName(lead) ?? ""}\n${lead.email ?? ""}\n${leadCompany(lead) ?? ""}`.toLowerCase();
  searchTexts.set(lead, { traits: lead.traits, text });
  return text;
}

/**
 * One page of the leads table in a single pass: filters, band counts over the filtered set, and the
 * first `limit` rows after the cursor kept in a small sorted buffer, so a request costs O(n log k)
 * with no per-lead allocation instead of building and sorting every lead (ADR 0070 measures it).
 */
export function selectLeadPage(
  leads: Iterable<LeadRecord>,
  query: LeadPageQuery,
): SelectedLeadPage {
  const byScore = query.sort === "score" || query.sort === "-score";
  const direction = query.sort.startsWith("-") ? -1 : 1;
  const compare = (a: Candidate, b: Candidate): number =>
    direction * (a.key - b.key) || (a.lead.id < b.lead.id ? -1 : a.lead.id > b.lead.id ? 1 : 0);
  const after = query.after;
  const bandCounts: Record<string, number> = {};
  const top: Candidate[] = [];
  const keep = query.limit + 1;
  for (const lead of leads) {
    if (query.userId !== undefined && lead.userId !== query.userId) continue;
    if (query.email !== undefined && lead.email !== query.email) continue;
    if (query.q !== "" && !searchText(lead).includes(query.q)) continue;
    const scored = query.modelId === null ? undefined : lead.models.get(query.modelId);
    if (query.stage !== undefined && scored?.stage !== query.stage) continue;
    if (query.grade !== undefined && scored?.grade !== query.grade) continue;
    if (scored !== undefined) bandCounts[scored.band] = (bandCounts[scored.band] ?? 0) + 1;
    if (query.band !== undefined && scored?.band !== query.band) continue;
    const key = byScore ? (scored?.score ?? 0) : (lead.lastActivityAt ?? 0);
    if (
      after !== null &&
      !(direction * (key - after.key) > 0 || (key === after.key && lead.id > after.id))
    ) {
      continue;
    }
    const candidate = { key, lead };
    if (top.length === keep && compare(candidate, top[keep - 1] as Candidate) >= 0) continue;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(top[mid] as Candidate, candidate) < 0) low = mid + 1;
      else high = mid;
    }
    top.splice(low, 0, candidate);
    if (top.length > keep) top.pop();
  }
  const page = top.slice(0, query.limit);
  return {
    rows: page.map((c) => ({ key: c.key, summary: toSummary(c.lead) })),
    hasMore: top.length > query.limit,
    bandCounts,
  };
}
