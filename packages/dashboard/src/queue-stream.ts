import type { QueueEntry } from "./api/api-types.ts";

/**
 * Reads the list carried by a queue stream event (`snapshot` or `update`). The server sends the
 * ordered list either bare or as `{ data: [...] }`; anything else is ignored (undefined).
 */
export function parseQueueEvent(data: string): readonly QueueEntry[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  const list =
    typeof parsed === "object" && parsed !== null && "data" in parsed ? parsed.data : parsed;
  if (!Array.isArray(list)) return undefined;
  return list.filter(
    (item): item is QueueEntry =>
      typeof item === "object" &&
      item !== null &&
      typeof item.leadId === "string" &&
      typeof item.score === "number",
  );
}
