import { Worker } from "node:worker_threads";

/**
 * A worker thread running the module `file` (beside this one), given as `.ts`: from the sources it is
 * loaded through tsx (registered inside the thread), from a build as the compiled `.js`.
 */
export function startThread(file: string, workerData: unknown): Worker {
  const entry = new URL(`./${file}`, import.meta.url).href;
  const source = import.meta.url.endsWith(".ts")
    ? `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(entry)});`
    : `await import(${JSON.stringify(entry.replace(/\.ts$/, ".js"))});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), { workerData });
}
