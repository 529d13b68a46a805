import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RunningServices } from "../use-cases/create-app-services.ts";
import { demoSiteHtml } from "./demo-site.ts";
import { type DemoSeedReport, demoPublishableKey, seedDemo } from "./seed-demo.ts";

const examplesDir = resolve(import.meta.dirname, "../../../../examples");
const HOUR_MS = 3_600_000;

/** The example models or queues (`examples/<kind>/*.yaml`), in file-name order. */
export function exampleTexts(kind: "models" | "queues"): string[] {
  const dir = join(examplesDir, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

export interface DemoMode {
  /** What was seeded, or null when the database already had models (a restart). */
  readonly seeded: DemoSeedReport | null;
  /** The shop page served at `/demo/site`. */
  readonly siteHtml: () => Promise<string>;
}

/**
 * What `serve --demo` does at start, and what the dashboard's browser tests start from: on an empty
 * database, the example models and queues and a synthetic history; then the shop page with the snippet.
 */
export async function startDemoMode(
  running: RunningServices,
  options: { readonly now: number; readonly leads?: number; readonly seed?: number },
): Promise<DemoMode> {
  const empty = (await running.services.models.list()).length === 0;
  const seeded = empty
    ? await seedDemo(running.services, {
        modelTexts: exampleTexts("models"),
        queueTexts: exampleTexts("queues"),
        // The history ends an hour before start: nobody is on the site yet, so the visitor's jump shows.
        now: options.now - HOUR_MS,
        ...(options.leads === undefined ? {} : { leads: options.leads }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      })
    : null;
  const key = await demoPublishableKey(running);
  return { seeded, siteHtml: () => demoSiteHtml(running.services, key) };
}
