import {
  type Grade,
  parseDuration,
  parseTraitCondition,
  STAGE_ORDER,
  type Stage,
  type TraitPredicate,
} from "@leadscore/core";
import type { FieldProblem } from "../app-services.ts";

export const QUEUE_ORDER_KEYS = ["grade", "score", "activity", "presence"] as const;
export type QueueOrderKey = (typeof QUEUE_ORDER_KEYS)[number];

/** Leads who did any of these are never called (S15, privacy: an unsubscribe is honoured at once). */
export const DEFAULT_NEVER_EVENTS = [
  "campaign.unsubscribed",
  "email.unsubscribed",
  "newsletter.unsubscribed",
  "call.do_not_call",
] as const;
/** A lead with one of these traits set (true, "true", "yes", 1) is never called. */
export const DEFAULT_NEVER_TRAITS = ["doNotCall", "unsubscribed"] as const;
const DEFAULT_STAGES: readonly Stage[] = ["lead", "mql", "sql", "opportunity"];
const DEFAULT_ORDER: readonly QueueOrderKey[] = ["grade", "score", "activity"];
const DEFAULT_NOT_CALLED_WITHIN_MS = 4 * 3_600_000;
const DEFAULT_LEASE_MS = 15 * 60_000;
const MAX_LEASE_MS = 24 * 3_600_000;
const QUEUE_ID = /^[a-z0-9-]{1,64}$/;
const GRADES: readonly Grade[] = ["A", "B", "C", "D"];
const TOP_LEVEL = ["id", "name", "description", "model", "eligible", "never", "order", "limits"];

/** A validated queue document with its defaults filled in. */
export interface QueueDefinition {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly eligible: {
    readonly bands: readonly string[] | null;
    readonly stages: readonly Stage[];
    readonly grades: readonly Grade[] | null;
    readonly minScore: number | null;
    readonly when: TraitPredicate | null;
  };
  readonly never: { readonly events: readonly string[]; readonly traits: readonly string[] };
  readonly order: readonly QueueOrderKey[];
  readonly notCalledWithinMs: number;
  readonly leaseMs: number;
  /** The document as given (JSON form), stored with each version. */
  readonly document: unknown;
}

type Doc = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Doc =>
  typeof value === "object" && value !== null && !Array.isArray(value);

class Problems {
  readonly items: FieldProblem[] = [];
  add(path: readonly (string | number)[], detail: string): void {
    this.items.push({ pointer: path.length === 0 ? "" : `/${path.join("/")}`, detail });
  }
}

function checkKeys(node: Doc, keys: readonly string[], path: string[], problems: Problems): void {
  for (const key of Object.keys(node)) {
    if (!keys.includes(key))
      problems.add([...path, key], `unknown key "${key}"; expected ${keys.join(", ")}`);
  }
}

function stringList<T extends string>(
  node: unknown,
  path: string[],
  problems: Problems,
  allowed?: readonly T[],
): T[] | null {
  if (node === undefined) return null;
  if (!Array.isArray(node) || node.some((item) => typeof item !== "string" || item === "")) {
    problems.add(path, "expected a list of names");
    return null;
  }
  const bad = allowed === undefined ? [] : node.filter((item) => !allowed.includes(item as T));
  if (bad.length > 0) {
    problems.add(path, `unknown ${bad.join(", ")}; expected ${allowed?.join(", ")}`);
    return null;
  }
  return [...new Set(node as T[])];
}

function duration(node: unknown, path: string[], problems: Problems, fallback: number): number {
  if (node === undefined) return fallback;
  const ms = typeof node === "string" ? parseDuration(node) : undefined;
  if (ms === undefined || ms < 0) {
    problems.add(path, "expected a duration such as 30m, 4h or 2d");
    return fallback;
  }
  return ms;
}

/**
 * Validates a queue document (YAML or JSON, already parsed). Every problem comes back with a JSON pointer.
 * @example parseQueueDefinition({ id: "sales", model: "saas-main" })
 */
export function parseQueueDefinition(
  doc: unknown,
): { ok: true; value: QueueDefinition } | { ok: false; errors: FieldProblem[] } {
  const problems = new Problems();
  if (!isRecord(doc)) {
    problems.add([], "a queue is an object with at least id and model");
    return { ok: false, errors: problems.items };
  }
  checkKeys(doc, TOP_LEVEL, [], problems);
  const id = typeof doc.id === "string" && QUEUE_ID.test(doc.id) ? doc.id : null;
  if (id === null) problems.add(["id"], 'a queue id is 1–64 lower-case letters, digits and "-"');
  const model = typeof doc.model === "string" && doc.model !== "" ? doc.model : null;
  if (model === null) problems.add(["model"], "model names the scoring model the queue ranks by");
  if (doc.name !== undefined && typeof doc.name !== "string")
    problems.add(["name"], "name must be a string");

  const eligible = isRecord(doc.eligible) ? doc.eligible : {};
  if (doc.eligible !== undefined && !isRecord(doc.eligible))
    problems.add(["eligible"], "eligible is { bands?, stages?, grades?, minScore?, when? }");
  checkKeys(eligible, ["bands", "stages", "grades", "minScore", "when"], ["eligible"], problems);
  const stageNames: readonly Stage[] = [...STAGE_ORDER, "disqualified"];
  const minScore = eligible.minScore;
  if (minScore !== undefined && (typeof minScore !== "number" || !Number.isFinite(minScore)))
    problems.add(["eligible", "minScore"], "minScore must be a number");
  let when: TraitPredicate | null = null;
  if (eligible.when !== undefined) {
    const parsed = parseTraitCondition(eligible.when, ["eligible", "when"]);
    if (parsed.ok) when = parsed.value;
    else for (const p of parsed.error) problems.add(p.path, p.message);
  }

  const never = isRecord(doc.never) ? doc.never : {};
  if (doc.never !== undefined && !isRecord(doc.never))
    problems.add(["never"], "never is { events?, traits? }");
  checkKeys(never, ["events", "traits"], ["never"], problems);

  const limits = isRecord(doc.limits) ? doc.limits : {};
  if (doc.limits !== undefined && !isRecord(doc.limits))
    problems.add(["limits"], "limits is { notCalledWithin?, lease? }");
  checkKeys(limits, ["notCalledWithin", "lease"], ["limits"], problems);
  const leaseMs = duration(limits.lease, ["limits", "lease"], problems, DEFAULT_LEASE_MS);
  if (leaseMs < 1000 || leaseMs > MAX_LEASE_MS)
    problems.add(["limits", "lease"], "a lease lasts from 1s to 24h");

  const definition = {
    id: id ?? "",
    name: typeof doc.name === "string" ? doc.name : (id ?? ""),
    model: model ?? "",
    eligible: {
      bands: stringList<string>(eligible.bands, ["eligible", "bands"], problems),
      stages:
        stringList(eligible.stages, ["eligible", "stages"], problems, stageNames) ?? DEFAULT_STAGES,
      grades: stringList(eligible.grades, ["eligible", "grades"], problems, GRADES),
      minScore: typeof minScore === "number" ? minScore : null,
      when,
    },
    never: {
      events:
        stringList<string>(never.events, ["never", "events"], problems) ?? DEFAULT_NEVER_EVENTS,
      traits:
        stringList<string>(never.traits, ["never", "traits"], problems) ?? DEFAULT_NEVER_TRAITS,
    },
    order: stringList(doc.order, ["order"], problems, QUEUE_ORDER_KEYS) ?? DEFAULT_ORDER,
    notCalledWithinMs: duration(
      limits.notCalledWithin,
      ["limits", "notCalledWithin"],
      problems,
      DEFAULT_NOT_CALLED_WITHIN_MS,
    ),
    leaseMs,
    document: doc,
  };
  if (problems.items.length > 0) return { ok: false, errors: problems.items };
  return { ok: true, value: definition };
}
