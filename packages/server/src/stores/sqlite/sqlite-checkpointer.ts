import { Worker } from "node:worker_threads";

/** Source of a data: URL module that loads the checkpointer thread, through tsx when it is TypeScript. */
function bootstrapSource(): string {
  const entry = new URL("./sqlite-checkpointer-thread.ts", import.meta.url).href;
  if (!import.meta.url.endsWith(".ts")) {
    return `await import(${JSON.stringify(entry.replace(/\.ts$/, ".js"))});`;
  }
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
}

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
  const worker = new Worker(
    new URL(`data:text/javascript,${encodeURIComponent(bootstrapSource())}`),
    { workerData: { path, everyMs } },
  );
  worker.unref();
  worker.on("error", () => undefined);
  return { close: () => worker.postMessage("close") };
}
