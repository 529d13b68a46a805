import pg from "pg";
import { NOTIFY_CHANNEL } from "./postgres-write.ts";

/**
 * Calls `onCommit` when another process (not `writer`) commits: LISTEN for the notification every
 * commit sends, and a timer every `pollMs` in case the listening connection is lost. Returns the stop.
 */
export function watchCommits(
  url: string,
  writer: string,
  pollMs: number,
  onCommit: () => void,
): () => void {
  let stopped = false;
  const listener = new pg.Client({ connectionString: url });
  listener.on("notification", (message) => {
    if (message.payload !== writer) onCommit();
  });
  listener.on("error", () => undefined);
  listener
    .connect()
    .then(() => listener.query(`LISTEN ${NOTIFY_CHANNEL}`))
    .catch(() => undefined);
  const timer = setInterval(() => {
    if (!stopped) onCommit();
  }, pollMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    listener.end().catch(() => undefined);
  };
}
