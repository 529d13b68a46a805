import type { AppServices } from "../use-cases/app-services.ts";
import type { RunningServices } from "../use-cases/create-app-services.ts";
import { generateDemoHistory } from "./generate-demo-history.ts";

export interface DemoSeedReport {
  readonly models: readonly string[];
  readonly queues: readonly string[];
  readonly messages: number;
  readonly accepted: number;
  readonly leads: number;
}

const CHUNK = 1000;

/** Publish the example models and ingest a synthetic 90-day history through the normal ingest path. */
export async function seedDemo(
  services: AppServices,
  options: {
    readonly modelTexts: readonly string[];
    readonly queueTexts?: readonly string[];
    readonly now: number;
    readonly leads?: number;
    readonly seed?: number;
  },
): Promise<DemoSeedReport> {
  const models: string[] = [];
  for (const text of options.modelTexts) {
    const id = /^id:\s*([a-z0-9-]+)/m.exec(text)?.[1];
    if (id === undefined) continue;
    const put = await services.models.put({
      id,
      source: { text, format: "yaml" },
      retroactive: false,
    });
    if (put.ok) models.push(id);
  }
  const history = generateDemoHistory({
    endAt: options.now,
    ...(options.leads === undefined ? {} : { leads: options.leads }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  let accepted = 0;
  for (let i = 0; i < history.messages.length; i += CHUNK) {
    const result = await services.ingest.ingest({
      messages: history.messages.slice(i, i + CHUNK),
      receivedAt: options.now,
    });
    accepted += result.accepted;
  }
  const queues: string[] = [];
  for (const text of options.queueTexts ?? []) {
    const id = /^id:\s*([a-z0-9-]+)/m.exec(text)?.[1];
    if (id === undefined) continue;
    const put = await services.queues.put({ id, source: { text, format: "yaml" } });
    if (put.ok) queues.push(id);
  }
  const leads = await services.leads.list({ limit: 1 });
  return {
    models,
    queues,
    messages: history.messages.length,
    accepted,
    leads: leads.ok
      ? leads.value.counts
        ? Object.values(leads.value.counts.bands).reduce((a, b) => a + b, 0)
        : 0
      : 0,
  };
}

const DEMO_KEY_META = "demo-publishable-key";

/**
 * The publishable key the demo shop page carries, made once (any origin, so the page works on whatever
 * host and port the demo runs). Publishable keys only collect events, so keeping it readable is safe.
 */
export async function demoPublishableKey(running: RunningServices): Promise<string> {
  const store = running.state.store;
  const stored = await store.getMeta(DEMO_KEY_META);
  if (stored !== null) return stored;
  const created = await running.services.keys.create({
    kind: "publishable",
    name: "demo shop",
    allowedOrigins: ["*"],
  });
  if (!created.ok) throw new Error(created.error.detail);
  await store.commit({ meta: { [DEMO_KEY_META]: created.value.secret } });
  return created.value.secret;
}
