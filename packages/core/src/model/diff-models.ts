import type { Model } from "./model-types.ts";

export interface ModelChange {
  readonly kind: "added" | "removed" | "changed";
  readonly path: readonly (string | number)[];
  readonly before?: unknown;
  readonly after?: unknown;
  /** One readable line, e.g. `engagement "pricing-page": changed points 10 → 15`. */
  readonly summary: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedKeys(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) => !same((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k]),
  );
}

function diffById<T extends { readonly id: string }>(
  section: "fit" | "engagement",
  a: readonly T[],
  b: readonly T[],
): ModelChange[] {
  const changes: ModelChange[] = [];
  const before = new Map(a.map((rule) => [rule.id, rule]));
  const after = new Map(b.map((rule) => [rule.id, rule]));
  for (const [id, rule] of before) {
    const next = after.get(id);
    if (next === undefined)
      changes.push({
        kind: "removed",
        path: [section, id],
        before: rule,
        summary: `${section} "${id}": removed`,
      });
    else if (!same(rule, next)) {
      const keys = changedKeys(rule, next).join(", ");
      changes.push({
        kind: "changed",
        path: [section, id],
        before: rule,
        after: next,
        summary: `${section} "${id}": changed ${keys}`,
      });
    }
  }
  for (const [id, rule] of after) {
    if (!before.has(id))
      changes.push({
        kind: "added",
        path: [section, id],
        after: rule,
        summary: `${section} "${id}": added`,
      });
  }
  return changes;
}

/**
 * What changes between two models: settings, bands and stage rules by position, fit and engagement rules by id.
 * @example diffModels(current, proposed).map((c) => c.summary)
 */
export function diffModels(a: Model, b: Model): ModelChange[] {
  const changes: ModelChange[] = [];
  for (const key of ["id", "name", "scale", "bands", "decay", "stages", "grading"] as const) {
    if (!same(a[key], b[key])) {
      changes.push({
        kind: "changed",
        path: [key],
        before: a[key],
        after: b[key],
        summary: `${key}: ${JSON.stringify(a[key])} → ${JSON.stringify(b[key])}`,
      });
    }
  }
  return [
    ...changes,
    ...diffById("fit", a.fit, b.fit),
    ...diffById("engagement", a.engagement, b.engagement),
  ];
}
