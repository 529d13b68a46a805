import { startThread } from "./start-thread.ts";

export interface Checkpointer {
  close(): void;
}

/**
 * Passive WAL checkpoints every `everyMs` from a thread and connection of their own, so that copying the
 * WAL into the database, and the fsync that ends each copy, run beside commits rather than stalling one.
 * A passive checkpoint never blocks the writer; while commits keep coming it rarely catches the WAL's
 * very end, so the writer's own autocheckpoint still restarts the WAL (then it copies only what this
 * thread has not). A checkpointer that fails leaves every checkpoint to that autocheckpoint.
 */
export function startCheckpointer(path: string, everyMs: number): Checkpointer {
  const worker = startThread("sqlite-checkpointer-thread.ts", { path, everyMs });
  worker.unref();
  worker.on("error", () => undefined);
  return { close: () => worker.postMessage("close") };
}
