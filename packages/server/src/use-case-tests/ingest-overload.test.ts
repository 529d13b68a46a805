import { describe, expect, it } from "vitest";
import type { CommitResult, WriteUnit } from "../ports/store.ts";
import { MemoryStore } from "../stores/memory/memory-store.ts";
import { createAppServices } from "../use-cases/create-app-services.ts";
import { IngestOverloaded, MAX_WAITING_ITEMS } from "../use-cases/ingest-events.ts";
import { T0 } from "./test-app.ts";

/** A store whose commits wait until released, as a slow disk would. */
class GatedStore extends MemoryStore {
  release: () => void = () => undefined;
  readonly #gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  override async commit(unit: WriteUnit): Promise<CommitResult> {
    if ((unit.events?.length ?? 0) > 0) await this.#gate;
    return super.commit(unit);
  }
}

describe("ingest under overload", () => {
  it("refuses new work with a retriable error while too many items wait, and commits the rest", async () => {
    const store = new GatedStore();
    let n = 0;
    const running = await createAppServices({
      store,
      now: () => T0,
      newId: (prefix) => `${prefix}_${++n}`,
      groupCommitMs: 0,
      decayRefreshMs: 30_000,
    });
    const click = (messageId: string) => ({ type: "track", event: "x", userId: "u", messageId });
    const first = running.ingest.ingest({ messages: [click("a")], receivedAt: T0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const waiting = running.ingest.ingest({
      messages: Array.from({ length: MAX_WAITING_ITEMS - 10 }, (_, i) => click(`w${i}`)),
      receivedAt: T0,
    });
    const refused = running.ingest.ingest({
      messages: Array.from({ length: 20 }, (_, i) => click(`r${i}`)),
      receivedAt: T0,
    });
    await expect(refused).rejects.toBeInstanceOf(IngestOverloaded);
    await expect(refused).rejects.toMatchObject({ retriable: true });
    store.release();
    expect((await first).accepted).toBe(1);
    expect((await waiting).accepted).toBe(MAX_WAITING_ITEMS - 10);
    await running.drain();
  });
});
