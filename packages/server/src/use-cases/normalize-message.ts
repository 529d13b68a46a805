import type { MessageType, StoredEvent } from "../ports/store.ts";
import type { IngestItemError } from "./app-services.ts";
import { normaliseEmail } from "./identity-graph.ts";

export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_NESTING_DEPTH = 12;
const MAX_ID_LENGTH = 256;
/** Events more than a day ahead of the server clock are refused (after skew correction). */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** 2000-01-01: anything older is a broken clock, not history. */
const MIN_TIMESTAMP_MS = 946_684_800_000;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Traits only the system may set (CONVENTIONS: keys and access). */
const SYSTEM_TRAITS = new Set(["score", "stage", "band", "grade", "owner"]);

/**
 * A valid message, already shaped as the event it will be stored as: `leadId` is filled in when its
 * unit claims its identity, so the same object goes to the store and the book (no copy per event).
 */
export interface NormalizedMessage extends StoredEvent {
  readonly ok: true;
  readonly type: Exclude<MessageType, "manual">;
  /** The lead its identity claims resolved to; "" until its unit is built. */
  leadId: string;
  readonly generatedMessageId: boolean;
  readonly previousId: string | null;
  readonly email: string | null;
}

export interface NormalizeFailure {
  readonly ok: false;
  readonly messageId: string | null;
  readonly error: IngestItemError;
}

export type NormalizeOutcome = NormalizedMessage | NormalizeFailure;

const fail = (
  messageId: string | null,
  code: string,
  pointer: string,
  detail: string,
): NormalizeOutcome => ({ ok: false, messageId, error: { code, pointer, detail } });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The first problem in a JSON value, a forbidden key or too deep nesting, as [pointer, detail].
 * The path is a stack turned into a pointer only when a problem is found: this runs on every item.
 */
function findStructureProblem(
  value: unknown,
  path: string[],
): readonly [pointer: string, detail: string] | null {
  if (typeof value !== "object" || value === null) return null;
  if (path.length > MAX_NESTING_DEPTH) {
    return [pointerOf(path), `nested deeper than ${MAX_NESTING_DEPTH} levels`];
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const problem = findStructureProblem(value[i], path);
      path.pop();
      if (problem !== null) return problem;
    }
    return null;
  }
  for (const key in value) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) return [pointerOf(path), "key not allowed"];
    const problem = findStructureProblem((value as Record<string, unknown>)[key], path);
    path.pop();
    if (problem !== null) return problem;
  }
  return null;
}

const pointerOf = (path: readonly string[]): string => path.map((key) => `/${key}`).join("");

/**
 * An id as given (a finite number becomes its text), null when absent, undefined when unusable. NUL is
 * refused: PostgreSQL text cannot hold it, and a lead's ids must mean the same on every store.
 */
const ID_RULE = (field: string) =>
  `${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters, without NUL`;

function optionalId(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (
    typeof value !== "string" ||
    value.length === 0 ||
    value.length > MAX_ID_LENGTH ||
    value.includes("\0")
  ) {
    return undefined;
  }
  return value;
}

function notAnObject(value: unknown, field: string): string | null {
  return value !== undefined && value !== null && !isPlainObject(value) ? field : null;
}

function parseTime(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function cleanObject(value: unknown): Record<string, unknown> | null {
  if (!isPlainObject(value)) return null;
  for (const _ in value) return value;
  return null;
}

/**
 * Validate one Segment-style message and correct its clock skew:
 * `timestamp = receivedAt − (sentAt − originalTimestamp)`; an explicit `timestamp` wins (imports).
 */
export function normalizeMessage(
  raw: unknown,
  options: {
    readonly receivedAt: number;
    readonly batchSentAt: unknown;
    readonly sizeBytes?: number;
    readonly newMessageId: () => string;
  },
): NormalizeOutcome {
  if (!isPlainObject(raw)) return fail(null, "invalid", "", "each item must be a JSON object");
  const rawId = optionalId(raw.messageId);
  if (rawId === undefined) {
    return fail(
      null,
      "invalid",
      "/messageId",
      `messageId must be a string of 1–${MAX_ID_LENGTH} characters, without NUL`,
    );
  }
  const messageId = rawId ?? options.newMessageId();
  const size = options.sizeBytes ?? Buffer.byteLength(JSON.stringify(raw));
  if (size > MAX_EVENT_BYTES) {
    return fail(
      messageId,
      "too_large",
      "",
      `event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`,
    );
  }
  const structure = findStructureProblem(raw, []);
  if (structure !== null) return fail(messageId, "invalid", structure[0], structure[1]);
  const type = raw.type;
  if (
    type !== "track" &&
    type !== "page" &&
    type !== "identify" &&
    type !== "alias" &&
    type !== "group"
  ) {
    return fail(
      messageId,
      "invalid",
      "/type",
      "type must be one of track, page, identify, alias, group",
    );
  }
  const userId = optionalId(raw.userId);
  if (userId === undefined) return fail(messageId, "invalid", "/userId", ID_RULE("userId"));
  const anonymousId = optionalId(raw.anonymousId);
  if (anonymousId === undefined) {
    return fail(messageId, "invalid", "/anonymousId", ID_RULE("anonymousId"));
  }
  const previousId = optionalId(raw.previousId);
  if (previousId === undefined) {
    return fail(messageId, "invalid", "/previousId", ID_RULE("previousId"));
  }
  if (type === "alias" && (previousId === null || (userId === null && anonymousId === null))) {
    return fail(messageId, "invalid", "/previousId", "alias needs previousId and userId");
  }
  if (userId === null && anonymousId === null) {
    return fail(messageId, "invalid", "/userId", "one of userId or anonymousId is required");
  }
  const notObject = notAnObject(raw.properties, "properties") ?? notAnObject(raw.traits, "traits");
  const badField = notObject ?? notAnObject(raw.context, "context");
  if (badField !== null) {
    return fail(messageId, "invalid", `/${badField}`, `${badField} must be an object`);
  }
  let event: string;
  let properties = cleanObject(raw.properties);
  if (type === "track") {
    if (typeof raw.event !== "string" || raw.event.length === 0 || raw.event.length > 200) {
      return fail(messageId, "invalid", "/event", "track needs an event name of 1–200 characters");
    }
    event = raw.event;
  } else if (type === "page") {
    event = "page.viewed";
    const page =
      isPlainObject(raw.context) && isPlainObject(raw.context.page) ? raw.context.page : {};
    const name = typeof raw.name === "string" ? { name: raw.name } : {};
    properties = cleanObject({ ...page, ...name, ...(properties ?? {}) });
  } else {
    event = type;
  }
  const timing = resolveTimestamp(raw, options.receivedAt, options.batchSentAt);
  if (!timing.ok) return fail(messageId, "invalid", timing.pointer, timing.detail);
  const contextTraits = isPlainObject(raw.context) ? cleanObject(raw.context.traits) : null;
  const givenTraits = cleanObject(raw.traits) ?? (type === "identify" ? null : contextTraits);
  const traits = givenTraits === null ? null : withoutSystemTraits(givenTraits);
  return {
    ok: true,
    messageId,
    leadId: "",
    type,
    event,
    timestamp: timing.timestamp,
    receivedAt: options.receivedAt,
    anonymousId,
    userId,
    properties,
    traits,
    generatedMessageId: rawId === null,
    previousId,
    email: normaliseEmail(traits?.email),
  };
}

function withoutSystemTraits(traits: Record<string, unknown>): Record<string, unknown> | null {
  let system = false;
  for (const key in traits) system ||= SYSTEM_TRAITS.has(key);
  if (!system) return traits;
  return cleanObject(
    Object.fromEntries(Object.entries(traits).filter(([k]) => !SYSTEM_TRAITS.has(k))),
  );
}

function resolveTimestamp(
  raw: Record<string, unknown>,
  receivedAt: number,
  batchSentAt: unknown,
): { ok: true; timestamp: number } | { ok: false; pointer: string; detail: string } {
  const explicit = parseTime(raw.timestamp);
  if (explicit === undefined)
    return { ok: false, pointer: "/timestamp", detail: "timestamp must be an ISO 8601 time" };
  const original = parseTime(raw.originalTimestamp);
  if (original === undefined) {
    return {
      ok: false,
      pointer: "/originalTimestamp",
      detail: "originalTimestamp must be an ISO 8601 time",
    };
  }
  const sentAt = parseTime(raw.sentAt ?? batchSentAt);
  if (sentAt === undefined)
    return { ok: false, pointer: "/sentAt", detail: "sentAt must be an ISO 8601 time" };
  let timestamp = receivedAt;
  let pointer = "/timestamp";
  if (explicit !== null) timestamp = explicit;
  else if (original !== null) {
    pointer = "/originalTimestamp";
    timestamp = sentAt !== null ? receivedAt - (sentAt - original) : original;
  }
  if (timestamp > receivedAt + MAX_FUTURE_MS) {
    return { ok: false, pointer, detail: "time is more than a day in the future" };
  }
  if (timestamp < MIN_TIMESTAMP_MS)
    return { ok: false, pointer, detail: "time is before the year 2000" };
  return { ok: true, timestamp };
}
