import { useEffect, useState } from "react";
import type { LeadStreamView } from "../src/api/api-types.ts";

function parseView(data: string): LeadStreamView | null {
  try {
    const body = JSON.parse(data) as unknown;
    if (typeof body !== "object" || body === null) return null;
    const view = body as LeadStreamView & { erased?: boolean };
    return view.erased === true || typeof view.models !== "object" ? null : view;
  } catch {
    return null;
  }
}

/**
 * Follows one lead's SSE stream: its summary, with presence per model, after every change. Each
 * message carries the whole view, so a reconnect (EventSource's own) loses nothing.
 */
export function useLeadStream(url: string | null): LeadStreamView | undefined {
  const [view, setView] = useState<LeadStreamView | undefined>(undefined);
  useEffect(() => {
    setView(undefined);
    if (url === null) return;
    const source = new EventSource(url, { withCredentials: true });
    const onEvent = (event: MessageEvent<string>) => {
      const next = parseView(event.data);
      if (next !== null) setView(next);
    };
    source.addEventListener("snapshot", onEvent);
    source.addEventListener("update", onEvent);
    return () => source.close();
  }, [url]);
  return view;
}
