import type { LeadSort } from "./api/api-types.ts";

/** What the Leads page shows, kept in the address so a view can be bookmarked and shared. */
export interface LeadsFilters {
  readonly q: string;
  readonly model: string;
  readonly band: string;
  readonly stage: string;
  readonly grade: string;
  readonly sort: LeadSort;
}

export const LEAD_SORTS: readonly LeadSort[] = ["-score", "score", "-activity", "activity"];
export const GRADES = ["A", "B", "C", "D"] as const;
export const DEFAULT_SORT: LeadSort = "-score";

function isSort(value: string | null): value is LeadSort {
  return LEAD_SORTS.some((sort) => sort === value);
}

export function filtersFromSearch(search: string): LeadsFilters {
  const params = new URLSearchParams(search);
  const sort = params.get("sort");
  return {
    q: params.get("q") ?? "",
    model: params.get("model") ?? "",
    band: params.get("band") ?? "",
    stage: params.get("stage") ?? "",
    grade: params.get("grade") ?? "",
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

/** The inverse of `filtersFromSearch`; defaults are left out. */
export function searchFromFilters(filters: LeadsFilters): string {
  const params = new URLSearchParams();
  for (const key of ["q", "model", "band", "stage", "grade"] as const) {
    const value = filters[key].trim();
    if (value !== "") params.set(key, value);
  }
  if (filters.sort !== DEFAULT_SORT) params.set("sort", filters.sort);
  return params.toString();
}

/**
 * The model the Leads page shows when the address names none: the model of the first call queue (the one
 * the landing page shows beside the leads), so the bands above the table and the queue agree; else the
 * first model id in order, which is also the server's default.
 */
export function defaultLeadsModel(
  modelIds: readonly string[],
  queueModels: readonly (string | undefined)[],
): string {
  const fromQueue = queueModels.find((model) => model !== undefined && modelIds.includes(model));
  return fromQueue ?? [...modelIds].sort()[0] ?? "";
}

export function hasActiveFilters(filters: LeadsFilters): boolean {
  return [filters.q, filters.model, filters.band, filters.stage, filters.grade].some(
    (value) => value.trim() !== "",
  );
}

/**
 * Cursor pagination keeps the cursors of the pages already seen, so "Previous" needs no offset
 * (offsets get slow at 100k+ leads). `cursors[0]` is undefined: the first page.
 */
export interface CursorTrail {
  readonly cursors: readonly (string | undefined)[];
}

export const firstPage: CursorTrail = { cursors: [undefined] };

export function currentCursor(trail: CursorTrail): string | undefined {
  return trail.cursors[trail.cursors.length - 1];
}

export function nextPage(trail: CursorTrail, nextCursor: string): CursorTrail {
  return { cursors: [...trail.cursors, nextCursor] };
}

export function previousPage(trail: CursorTrail): CursorTrail {
  return trail.cursors.length <= 1 ? trail : { cursors: trail.cursors.slice(0, -1) };
}
