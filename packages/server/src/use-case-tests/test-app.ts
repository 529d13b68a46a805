import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type App, createApp } from "../composition-root.ts";
import type { WebhookSender } from "../ports/webhook-sender.ts";
import type { IngestResult } from "../use-cases/app-services.ts";

export const T0 = Date.parse("2026-03-01T10:00:00Z");
const repoRoot = join(import.meta.dirname, "../../../..");

export function exampleModel(name: "saas-main" | "car-dealer"): string {
  return readFileSync(join(repoRoot, "examples/models", `${name}.yaml`), "utf8");
}

export interface TestApp extends App {
  clock: { now: number };
  send(messages: unknown[], sentAt?: string): Promise<IngestResult>;
}

/** An app on the given store with a controllable clock, deterministic ids and saas-main published. */
export async function makeTestApp(
  dbPath = ":memory:",
  withModel = true,
  webhookSender?: WebhookSender,
): Promise<TestApp> {
  const clock = { now: T0 };
  let counter = 0;
  const app = await createApp({
    dbPath,
    now: () => clock.now,
    newId: (prefix) => `${prefix}_${String(++counter).padStart(6, "0")}`,
    groupCommitMs: 1,
    streamCoalesceMs: 0,
    ...(webhookSender === undefined ? {} : { webhookSender }),
  });
  if (withModel) {
    const put = await app.services.models.put({
      id: "saas-main",
      source: { text: exampleModel("saas-main"), format: "yaml" },
      retroactive: false,
    });
    if (!put.ok) throw new Error(put.error.detail);
  }
  return Object.assign(app, {
    clock,
    send: (messages: unknown[], sentAt?: string) =>
      app.services.ingest.ingest({
        messages,
        receivedAt: clock.now,
        ...(sentAt === undefined ? {} : { sentAt }),
      }),
  });
}

export const iso = (ms: number): string => new Date(ms).toISOString();
const DAY_MS = 86_400_000;
export const daysAgo = (days: number): string => iso(T0 - days * DAY_MS);
