import type { AppServices } from "../use-cases/app-services.ts";
import { generateDemoHistory } from "./generate-demo-history.ts";

export interface DemoSeedReport {
  readonly models: readonly string[];
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
  const leads = await services.leads.list({ limit: 1 });
  return {
    models,
    messages: history.messages.length,
    accepted,
    leads: leads.ok
      ? leads.value.counts
        ? Object.values(leads.value.counts.bands).reduce((a, b) => a + b, 0)
        : 0
      : 0,
  };
}
