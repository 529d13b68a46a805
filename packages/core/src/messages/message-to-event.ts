import type { LeadEvent, ModelProblem, Result, Traits } from "../types.ts";

/** A Segment-style call as sent by trackers and servers (the fields leadscore reads). */
export interface SegmentMessage {
  readonly type?: string;
  readonly messageId?: string;
  readonly userId?: string | number | null;
  readonly anonymousId?: string | null;
  readonly previousId?: string;
  readonly groupId?: string;
  readonly event?: string;
  readonly name?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly traits?: Readonly<Record<string, unknown>>;
  readonly context?: {
    readonly page?: Readonly<Record<string, unknown>>;
    readonly traits?: Readonly<Record<string, unknown>>;
  } & Readonly<Record<string, unknown>>;
  readonly timestamp?: string | number;
  readonly originalTimestamp?: string | number;
  readonly sentAt?: string | number;
  readonly receivedAt?: string | number;
}

export type MessageKind = "track" | "page" | "identify" | "alias" | "group";

export interface ConvertedMessage {
  readonly event: LeadEvent;
  readonly kind: MessageKind;
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly email?: string;
  readonly previousId?: string;
}

const KINDS: readonly string[] = ["track", "page", "identify", "alias", "group"];

function toTime(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

function nonEmpty(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** `receivedAt − (sentAt − originalTimestamp)` corrects the sender's clock when all three are known. */
function timestampOf(
  message: SegmentMessage,
  receivedAt: number | undefined,
  problems: ModelProblem[],
): number {
  const fields = ["timestamp", "originalTimestamp", "sentAt", "receivedAt"] as const;
  const times = Object.fromEntries(fields.map((f) => [f, toTime(message[f])]));
  for (const field of fields)
    if (Number.isNaN(times[field]))
      problems.push({ path: [field], message: "not a valid ISO 8601 time" });
  const received = receivedAt ?? times.receivedAt;
  const { originalTimestamp, sentAt, timestamp } = times;
  if (received !== undefined && sentAt !== undefined && originalTimestamp !== undefined) {
    return received - (sentAt - originalTimestamp);
  }
  const best = timestamp ?? originalTimestamp ?? received;
  if (best === undefined)
    problems.push({ path: ["timestamp"], message: "the message has no time" });
  return best ?? Number.NaN;
}

/**
 * Turns a Segment-style call into a LeadEvent: `track` keeps its event name, `page` becomes `page.viewed`
 * with url/path/title, `identify` carries traits. Pure: `receivedAt` is passed in by the caller.
 * @example messageToEvent({ type: "track", event: "email.clicked", userId: "u1", messageId: "m1", timestamp: "2026-01-01T00:00:00Z" })
 */
export function messageToEvent(
  message: SegmentMessage,
  receivedAt?: number,
): Result<ConvertedMessage, ModelProblem[]> {
  const problems: ModelProblem[] = [];
  const kind = message.type;
  if (kind === undefined || !KINDS.includes(kind)) {
    problems.push({
      path: ["type"],
      message: `expected one of ${KINDS.join(", ")}, got ${JSON.stringify(kind)}`,
    });
  }
  const messageId = nonEmpty(message.messageId);
  if (messageId === undefined)
    problems.push({
      path: ["messageId"],
      message: "a messageId is required (it makes retries safe)",
    });
  const userId = nonEmpty(message.userId);
  const anonymousId = nonEmpty(message.anonymousId);
  if (userId === undefined && anonymousId === undefined) {
    problems.push({ path: ["userId"], message: "a userId or an anonymousId is required" });
  }
  const timestamp = timestampOf(message, receivedAt, problems);
  let type = "";
  let properties: Readonly<Record<string, unknown>> | undefined = message.properties;
  let traits: Traits | undefined;
  if (kind === "track") {
    type = nonEmpty(message.event) ?? "";
    if (type === "")
      problems.push({ path: ["event"], message: "a track call needs an event name" });
  } else if (kind === "page") {
    type = "page.viewed";
    const page = { ...message.context?.page, ...message.properties };
    properties = { ...page, url: page.url, path: page.path, title: page.title ?? message.name };
  } else if (kind === "identify") {
    type = "identify";
    traits = { ...message.context?.traits, ...message.traits };
  } else if (kind === "group") {
    type = "group";
    properties = { ...message.traits, groupId: message.groupId };
  } else if (kind === "alias") {
    type = "alias";
    properties = { previousId: message.previousId };
  }
  if (problems.length > 0) return { ok: false, error: problems };
  const email = nonEmpty(traits?.email ?? message.context?.traits?.email);
  const identified = userId !== undefined || email !== undefined;
  const event: LeadEvent = {
    messageId: messageId!,
    type,
    timestamp,
    ...(properties !== undefined ? { properties } : {}),
    ...(traits !== undefined ? { traits } : {}),
    ...(identified ? { identified } : {}),
  };
  const previousId = nonEmpty(message.previousId);
  return {
    ok: true,
    value: {
      event,
      kind: kind as MessageKind,
      ...(userId !== undefined ? { userId } : {}),
      ...(anonymousId !== undefined ? { anonymousId } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(previousId !== undefined ? { previousId } : {}),
    },
  };
}
