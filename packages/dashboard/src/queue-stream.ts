import type { QueueEntry } from "./api/api-types.ts";

/** What a queue stream client holds: the first leads in order, the queue's size and version. */
export interface QueueStreamView {
  readonly entries: readonly QueueEntry[];
  readonly size: number | null;
  readonly version: number | null;
}

const isEntry = (item: unknown): item is QueueEntry =>
  typeof item === "object" &&
  item !== null &&
  typeof (item as QueueEntry).leadId === "string" &&
  typeof (item as QueueEntry).score === "number";

const entriesOf = (list: unknown): QueueEntry[] | undefined =>
  Array.isArray(list) ? list.filter(isEntry) : undefined;

/**
 * Applies one queue stream event to the view. `snapshot` carries `{ version, size, data: [...] }`;
 * `update` carries what changed: `order` (the new order: a number is the index of a lead in the previous
 * list, a string the id of a lead new to it), `upsert` (entries that are new or changed), `remove` (ids
 * that left); an update with `data` replaces the list. Anything malformed leaves the view as it was, so
 * one bad event cannot blank the agent's screen.
 */
export function applyQueueEvent(
  view: QueueStreamView | undefined,
  type: string,
  data: string,
): QueueStreamView | undefined {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return view;
  }
  if (Array.isArray(body)) body = { data: body };
  if (typeof body !== "object" || body === null) return view;
  const message = body as Record<string, unknown>;
  const version = typeof message.version === "number" ? message.version : (view?.version ?? null);
  const size = typeof message.size === "number" ? message.size : (view?.size ?? null);
  const full = entriesOf(message.data);
  if (full !== undefined) return { entries: full, size, version };
  if (type !== "update" || view === undefined) return view;
  const byId = new Map(view.entries.map((entry) => [entry.leadId, entry]));
  for (const id of Array.isArray(message.remove) ? message.remove : []) byId.delete(String(id));
  for (const entry of entriesOf(message.upsert) ?? []) byId.set(entry.leadId, entry);
  const previous = view.entries.map((entry) => entry.leadId);
  const order = Array.isArray(message.order)
    ? message.order.map((item) =>
        typeof item === "number" ? (previous[item] ?? "") : String(item),
      )
    : previous.filter((id) => byId.has(id));
  const entries = order.flatMap((id) => {
    const entry = byId.get(id);
    return entry === undefined ? [] : [entry];
  });
  return { entries, size, version };
}

/** The list carried by a `snapshot` (or a full `update`), for callers that only need that. */
export function parseQueueEvent(data: string): readonly QueueEntry[] | undefined {
  return applyQueueEvent(undefined, "snapshot", data)?.entries;
}
