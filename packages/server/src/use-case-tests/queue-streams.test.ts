import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../composition-root.ts";
import type { StreamMessage } from "../use-cases/app-services.ts";
import { callerMessages, publishCallers, topOf, userIds } from "./queue-fixture.ts";
import { iso, T0 } from "./test-app.ts";

// Long enough that any update which waited for the window would time the test out.
const WINDOW_MS = 60_000;

let app: App;
afterEach(async () => {
  await app.close();
});

async function seeded(): Promise<App> {
  app = await createApp({
    dbPath: ":memory:",
    now: () => T0,
    groupCommitMs: 1,
    streamCoalesceMs: WINDOW_MS,
  });
  await publishCallers(app.services);
  await app.services.ingest.ingest({
    messages: callerMessages({ high: 3, medium: 3 }, T0 - 3_600_000),
    receivedAt: T0,
  });
  return app;
}

const page = (userId: string, at: number) =>
  app.services.ingest.ingest({
    messages: [{ type: "page", userId, messageId: `page-${userId}-${at}`, timestamp: iso(at) }],
    receivedAt: T0,
  });

function watch(limit: number) {
  const messages: StreamMessage[] = [];
  const opened = app.services.queues.watch(
    "callers",
    { limit },
    { write: (message) => void messages.push(message), ready: () => true },
  );
  if (!opened.ok) throw new Error(opened.error.detail);
  return {
    messages,
    async until(count: number): Promise<StreamMessage[]> {
      const deadline = Date.now() + 2000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`${messages.length} of ${count} messages`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return messages;
    },
  };
}

const upserted = (message: StreamMessage | undefined): string[] =>
  (JSON.parse(message?.data ?? "{}").upsert ?? []).map((e: { userId: string }) => e.userId);

describe("queue stream coalescing", () => {
  it("sends the first change after a quiet spell at once, whatever the window", async () => {
    await seeded();
    const stream = watch(2);
    await stream.until(1);
    await page("m0", T0 - 1000);
    const [, update] = await stream.until(2);
    expect(upserted(update)).toEqual(["m0"]);
  });

  it("does not let a change below every client's limit hold back the next visible one", async () => {
    await seeded();
    await page("h0", T0 - 3000);
    const stream = watch(1);
    await stream.until(1);
    // m1 becomes grade A but stays below h0 (lower score): the top 1 does not change.
    await page("m1", T0 - 2000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.messages).toHaveLength(1);
    await page("h1", T0 - 1000);
    const [, update] = await stream.until(2);
    expect(upserted(update)).toEqual(["h1"]);
  });

  it("while changes keep coming, holds them for the window and GET stays current", async () => {
    await seeded();
    const stream = watch(2);
    await stream.until(1);
    await page("h2", T0 - 2000);
    await stream.until(2);
    await page("m2", T0 - 1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.messages).toHaveLength(2);
    expect(userIds(await topOf(app.services, 2))).toEqual(["h2", "m2"]);
  });
});
