import { useEffect, useState } from "react";
import type { QueueEntry } from "../src/api/api-types.ts";
import { parseQueueEvent } from "../src/queue-stream.ts";

export type StreamStatus = "connecting" | "live" | "offline";

/** Follows a queue's SSE stream; EventSource reconnects by itself after a drop. */
export function useQueueStream(url: string | null): {
  entries: readonly QueueEntry[] | undefined;
  status: StreamStatus;
} {
  const [entries, setEntries] = useState<readonly QueueEntry[] | undefined>(undefined);
  const [status, setStatus] = useState<StreamStatus>("connecting");

  useEffect(() => {
    setEntries(undefined);
    if (url === null) return;
    setStatus("connecting");
    const source = new EventSource(url, { withCredentials: true });
    const onList = (event: MessageEvent<string>) => {
      const list = parseQueueEvent(event.data);
      if (list !== undefined) setEntries(list);
    };
    source.addEventListener("snapshot", onList);
    source.addEventListener("update", onList);
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("offline");
    return () => source.close();
  }, [url]);

  return { entries, status };
}
