import { useEffect, useState } from "react";
import type { QueueEntry } from "../src/api/api-types.ts";
import { applyQueueEvent, type QueueStreamView } from "../src/queue-stream.ts";

export type StreamStatus = "connecting" | "live" | "offline";

/**
 * Follows a queue's SSE stream. EventSource reconnects by itself and sends `Last-Event-ID`, so the server
 * replays the updates missed (or a fresh snapshot); the view never needs a reload.
 */
export function useQueueStream(url: string | null): {
  entries: readonly QueueEntry[] | undefined;
  size: number | null;
  version: number | null;
  status: StreamStatus;
} {
  const [view, setView] = useState<QueueStreamView | undefined>(undefined);
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    setView(undefined);
    if (url === null) return;
    setStatus("connecting");
    const source = new EventSource(url, { withCredentials: true });
    const onEvent = (event: MessageEvent<string>) =>
      setView((current) => applyQueueEvent(current, event.type, event.data));
    source.addEventListener("snapshot", onEvent);
    source.addEventListener("update", onEvent);
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("offline");
    return () => source.close();
  }, [url]);

  return {
    entries: view?.entries,
    size: view?.size ?? null,
    version: view?.version ?? null,
    status,
  };
}
