import type { ModelProblem, Result, Stage } from "../types.ts";
import { STAGE_ORDER } from "../types.ts";
import type {
  Band,
  Decay,
  EngagementRule,
  EventMatcher,
  FitRule,
  Grading,
  Limit,
  Model,
  Points,
  StageRule,
} from "./model-types.ts";
import { parseCondition, parseEventMatcher } from "./parse-condition.ts";
import { parseDuration } from "./parse-duration.ts";
import type { Path } from "./problems.ts";
import { describe, isRecord, ProblemList } from "./problems.ts";

const MODEL_ID = /^[a-z0-9-]+$/;
const RULE_ID = /^[A-Za-z0-9._-]+$/;
const TOP_LEVEL = [
  "id",
  "name",
  "description",
  "scale",
  "bands",
  "fit",
  "engagement",
  "decay",
  "stages",
  "grading",
];
const RULE_STAGES: readonly Stage[] = [
  ...STAGE_ORDER.filter((s) => s !== "anonymous"),
  "disqualified",
];

/** S8's default bands, used when a model declares none on the default scale. */
const DEFAULT_BANDS: readonly Band[] = [
  { name: "cold", from: 0 },
  { name: "warm", from: 21 },
  { name: "hot", from: 41 },
];
const DEFAULT_GRADING: Grading = {
  aMs: 15 * 60_000,
  bMs: 86_400_000,
  cMs: 7 * 86_400_000,
  // Three missed heartbeats of the snippet (one every 15 s) and the visitor has left.
  presenceMs: 45_000,
  highIntent: [],
};

function checkKeys(
  node: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  path: Path,
  problems: ProblemList,
): void {
  for (const key of Object.keys(node)) {
    if (!keys.includes(key))
      problems.add([...path, key], `unknown key "${key}"; expected ${keys.join(", ")}`);
  }
}

function duration(node: unknown, path: Path, problems: ProblemList): number | null {
  const ms = typeof node === "string" ? parseDuration(node) : undefined;
  if (ms === undefined || ms <= 0) {
    problems.add(
      path,
      `bad duration ${describe(node)}; write a number and a unit, e.g. 15m, 12h, 30d, 2w`,
    );
    return null;
  }
  return ms;
}

function finite(node: unknown, path: Path, problems: ProblemList, what: string): number | null {
  if (typeof node === "number" && Number.isFinite(node)) return node;
  problems.add(path, `${what} must be a number, got ${describe(node)}`);
  return null;
}

function positive(node: unknown, path: Path, problems: ProblemList, what: string): number | null {
  const n = finite(node, path, problems, what);
  if (n !== null && n <= 0) problems.add(path, `${what} must be greater than 0`);
  return n !== null && n > 0 ? n : null;
}

function parseDecay(node: unknown, path: Path, problems: ProblemList): Decay {
  if (node === "none" || node === undefined || node === null) return { kind: "none" };
  if (isRecord(node) && "halfLife" in node) {
    checkKeys(node, ["halfLife"], path, problems);
    return {
      kind: "halfLife",
      halfLifeMs: duration(node.halfLife, [...path, "halfLife"], problems) ?? 1,
    };
  }
  if (isRecord(node) && ("inactiveFor" in node || "every" in node || "subtract" in node)) {
    checkKeys(node, ["inactiveFor", "every", "subtract"], path, problems);
    return {
      kind: "step",
      inactiveForMs: duration(node.inactiveFor, [...path, "inactiveFor"], problems) ?? 1,
      everyMs: duration(node.every, [...path, "every"], problems) ?? 1,
      subtract: positive(node.subtract, [...path, "subtract"], problems, "subtract") ?? 0,
    };
  }
  problems.add(
    path,
    'decay is "none", { halfLife: 30d } or { inactiveFor: 60d, every: 30d, subtract: 10 }',
  );
  return { kind: "none" };
}

function parsePoints(node: unknown, path: Path, problems: ProblemList): Points {
  if (typeof node === "number" && Number.isFinite(node)) return { kind: "fixed", points: node };
  if (isRecord(node) && "per" in node) {
    checkKeys(node, ["per", "each", "max"], path, problems);
    if (typeof node.per !== "string" || node.per.length === 0) {
      problems.add([...path, "per"], '"per" names the field to count, e.g. fieldsCount');
    }
    const each = finite(node.each, [...path, "each"], problems, "each") ?? 0;
    const max = node.max === undefined ? null : finite(node.max, [...path, "max"], problems, "max");
    return { kind: "per", field: String(node.per), each, max };
  }
  problems.add(
    path,
    `points must be a number or { per: <field>, each: <n>, max?: <n> }, got ${describe(node)}`,
  );
  return { kind: "fixed", points: 0 };
}

function parseLimit(node: unknown, path: Path, problems: ProblemList): Limit | null {
  if (node === undefined) return null;
  if (!isRecord(node) || !("times" in node || "points" in node)) {
    problems.add(
      path,
      "limit is { times: <n>, per?: <duration> } or { points: <n>, per?: <duration> }",
    );
    return null;
  }
  checkKeys(node, ["times", "points", "per"], path, problems);
  const times =
    node.times === undefined ? null : positive(node.times, [...path, "times"], problems, "times");
  if (times !== null && !Number.isInteger(times))
    problems.add([...path, "times"], "times must be a whole number");
  return {
    times,
    points:
      node.points === undefined
        ? null
        : positive(node.points, [...path, "points"], problems, "points"),
    perMs: node.per === undefined ? null : duration(node.per, [...path, "per"], problems),
  };
}

function list(node: unknown, path: Path, problems: ProblemList): readonly unknown[] {
  if (node === undefined) return [];
  if (Array.isArray(node)) return node;
  problems.add(path, `expected a list, got ${describe(node)}`);
  return [];
}

function ruleId(
  node: Readonly<Record<string, unknown>>,
  path: Path,
  problems: ProblemList,
  seen: Set<string>,
): string {
  const id = node.id;
  if (typeof id !== "string" || !RULE_ID.test(id)) {
    problems.add(
      [...path, "id"],
      `a rule needs an id of letters, digits, ".", "_" or "-", got ${describe(id)}`,
    );
    return String(id);
  }
  if (seen.has(id)) problems.add([...path, "id"], `duplicate rule id "${id}"`);
  seen.add(id);
  return id;
}

function parseFit(
  node: unknown,
  path: Path,
  problems: ProblemList,
  ids: Set<string>,
): FitRule | null {
  if (!isRecord(node)) {
    problems.add(path, `a fit rule is { id, when, points }, got ${describe(node)}`);
    return null;
  }
  checkKeys(node, ["id", "description", "when", "points"], path, problems);
  const id = ruleId(node, path, problems, ids);
  const when = parseCondition(node.when, [...path, "when"], problems, "fit");
  const points = parsePoints(node.points, [...path, "points"], problems);
  return when === null ? null : { id, when, points };
}

function parseEngagement(
  node: unknown,
  path: Path,
  problems: ProblemList,
  ids: Set<string>,
  modelDecay: Decay,
): EngagementRule | null {
  if (!isRecord(node)) {
    problems.add(
      path,
      `an engagement rule is { id, when: { event, where? }, points }, got ${describe(node)}`,
    );
    return null;
  }
  checkKeys(node, ["id", "description", "when", "points", "limit", "decay"], path, problems);
  const id = ruleId(node, path, problems, ids);
  const matcher = parseEventMatcher(node.when, [...path, "when"], problems);
  const points = parsePoints(node.points, [...path, "points"], problems);
  const limit = parseLimit(node.limit, [...path, "limit"], problems);
  const decay =
    node.decay === undefined ? modelDecay : parseDecay(node.decay, [...path, "decay"], problems);
  return matcher === null
    ? null
    : { id, events: matcher.types, where: matcher.where, points, limit, decay };
}

function parseStage(node: unknown, path: Path, problems: ProblemList): StageRule | null {
  if (!isRecord(node)) {
    problems.add(path, `a stage rule is { stage, when }, got ${describe(node)}`);
    return null;
  }
  checkKeys(node, ["stage", "when", "description"], path, problems);
  const stage = node.stage;
  if (typeof stage !== "string" || !RULE_STAGES.includes(stage as Stage)) {
    problems.add(
      [...path, "stage"],
      `unknown stage ${describe(stage)}; expected one of ${RULE_STAGES.join(", ")}`,
    );
  }
  const when = parseCondition(node.when, [...path, "when"], problems, "stage");
  return when === null ? null : { stage: stage as Stage, when };
}

function parseScale(node: unknown, problems: ProblemList): { min: number; max: number } {
  if (node === undefined) return { min: 0, max: 100 };
  if (!isRecord(node)) {
    problems.add(["scale"], "scale is { min, max }");
    return { min: 0, max: 100 };
  }
  checkKeys(node, ["min", "max"], ["scale"], problems);
  const min = finite(node.min, ["scale", "min"], problems, "scale.min") ?? 0;
  const max = finite(node.max, ["scale", "max"], problems, "scale.max") ?? 100;
  if (min >= max) problems.add(["scale"], `scale.min (${min}) must be below scale.max (${max})`);
  return { min, max };
}

function parseBands(
  node: unknown,
  scale: { min: number; max: number },
  problems: ProblemList,
): Band[] {
  if (node === undefined)
    return scale.min === 0 ? [...DEFAULT_BANDS] : [{ name: "all", from: scale.min }];
  const bands: Band[] = [];
  const names = new Set<string>();
  list(node, ["bands"], problems).forEach((item, index) => {
    const path = ["bands", index];
    if (!isRecord(item) || typeof item.name !== "string" || item.name.length === 0) {
      problems.add(path, `a band is { name, from }, got ${describe(item)}`);
      return;
    }
    checkKeys(item, ["name", "from"], path, problems);
    if (names.has(item.name)) problems.add([...path, "name"], `duplicate band name "${item.name}"`);
    names.add(item.name);
    const from = finite(item.from, [...path, "from"], problems, "from");
    if (from === null) return;
    const previous = bands.at(-1);
    if (previous !== undefined && from <= previous.from) {
      problems.add(
        [...path, "from"],
        `bands must be ascending: ${from} is not above ${previous.from}`,
      );
    }
    bands.push({ name: item.name, from });
  });
  if (bands.length === 0) problems.add(["bands"], "a model needs at least one band");
  else if (bands[0]?.from !== scale.min) {
    problems.add(["bands", 0, "from"], `the first band must start at scale.min (${scale.min})`);
  }
  return bands;
}

function parseGrading(node: unknown, problems: ProblemList): Grading {
  if (node === undefined) return DEFAULT_GRADING;
  if (!isRecord(node)) {
    problems.add(["grading"], "grading is { a?, b?, c?, presence?, highIntent? }");
    return DEFAULT_GRADING;
  }
  checkKeys(node, ["a", "b", "c", "presence", "highIntent"], ["grading"], problems);
  const pick = (key: "a" | "b" | "c" | "presence", fallback: number) =>
    node[key] === undefined
      ? fallback
      : (duration(node[key], ["grading", key], problems) ?? fallback);
  const aMs = pick("a", DEFAULT_GRADING.aMs);
  const bMs = pick("b", DEFAULT_GRADING.bMs);
  const cMs = pick("c", DEFAULT_GRADING.cMs);
  const presenceMs = pick("presence", DEFAULT_GRADING.presenceMs);
  if (!(aMs <= bMs && bMs <= cMs))
    problems.add(["grading"], "grading windows must grow: a <= b <= c");
  const highIntent: EventMatcher[] = [];
  list(node.highIntent, ["grading", "highIntent"], problems).forEach((item, index) => {
    const matcher = parseEventMatcher(item, ["grading", "highIntent", index], problems);
    if (matcher !== null) highIntent.push(matcher);
  });
  return { aMs, bMs, cMs, presenceMs, highIntent };
}

/**
 * Validates a model document (already parsed from YAML or JSON) and normalises it.
 * Every problem is listed with its path; nothing throws.
 * @example
 * const parsed = parseModel({ id: "m", fit: [], engagement: [] });
 * if (parsed.ok) compileModel(parsed.value);
 */
export function parseModel(doc: unknown): Result<Model, ModelProblem[]> {
  const problems = new ProblemList();
  if (!isRecord(doc)) {
    problems.add([], `a model is an object, got ${describe(doc)}`);
    return { ok: false, error: problems.items };
  }
  checkKeys(doc, TOP_LEVEL, [], problems);
  if (typeof doc.id !== "string" || !MODEL_ID.test(doc.id)) {
    problems.add(
      ["id"],
      `a model id is lower-case letters, digits and "-", got ${describe(doc.id)}`,
    );
  }
  const id = String(doc.id);
  if (doc.name !== undefined && typeof doc.name !== "string")
    problems.add(["name"], "name must be a string");
  const scale = parseScale(doc.scale, problems);
  const bands = parseBands(doc.bands, scale, problems);
  const decay = parseDecay(doc.decay, ["decay"], problems);
  const ids = new Set<string>();
  const fit = list(doc.fit, ["fit"], problems)
    .map((rule, i) => parseFit(rule, ["fit", i], problems, ids))
    .filter((r): r is FitRule => r !== null);
  const engagement = list(doc.engagement, ["engagement"], problems)
    .map((rule, i) => parseEngagement(rule, ["engagement", i], problems, ids, decay))
    .filter((r): r is EngagementRule => r !== null);
  const stages = list(doc.stages, ["stages"], problems)
    .map((rule, i) => parseStage(rule, ["stages", i], problems))
    .filter((r): r is StageRule => r !== null);
  const eventConditions = stages.reduce((n, rule) => n + countEventConditions(rule.when), 0);
  if (eventConditions > 30)
    problems.add(["stages"], "at most 30 event conditions across stage rules");
  const grading = parseGrading(doc.grading, problems);
  if (problems.items.length > 0) return { ok: false, error: problems.items };
  const name = typeof doc.name === "string" ? doc.name : id;
  return { ok: true, value: { id, name, scale, bands, fit, engagement, decay, stages, grading } };
}

function countEventConditions(condition: StageRule["when"]): number {
  switch (condition.kind) {
    case "all":
    case "any":
      return condition.of.reduce((n, c) => n + countEventConditions(c), 0);
    case "not":
      return countEventConditions(condition.of);
    case "event":
      return 1;
    default:
      return 0;
  }
}
