import { describe, expect, it } from "vitest";
import type { CommitResult, WriteLock, WriteUnit } from "../ports/store.ts";
import { MemoryStore } from "../stores/memory/memory-store.ts";
import { createAppServices, type RunningServices } from "../use-cases/create-app-services.ts";
import { T0 } from "./test-app.ts";

/** Event commits wait for `release`; it records how many were in flight at once and can fail some. */
class PacedStore extends MemoryStore {
  inFlight = 0;
  maxInFlight = 0;
  eventCommits = 0;
  failCommit = 0;
  failLock = false;
  #waiters: (() => void)[] = [];

  release(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  override async lockWrites(): Promise<WriteLock> {
    if (this.failLock) {
      this.failLock = false;
      throw new Error("lock lost");
    }
    return super.lockWrites();
  }

  override async commit(unit: WriteUnit): Promise<CommitResult> {
    if ((unit.events?.length ?? 0) === 0) return super.commit(unit);
    this.eventCommits++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
      if (this.eventCommits === this.failCommit) throw new Error("disk full");
      return await super.commit(unit);
    } finally {
      this.inFlight--;
    }
  }
}

const click = (messageId: string, userId = `u-${messageId}`) => ({
  type: "track",
  event: "email.clicked",
  userId,
  messageId,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function start(store: PacedStore): Promise<RunningServices> {
  let n = 0;
  return createAppServices({
    store,
    now: () => T0,
    newId: (prefix) => `${prefix}_${++n}`,
    groupCommitMs: 0,
    decayRefreshMs: 30_000,
  });
}

describe("the ingest pipeline", () => {
  it("sends the next unit as soon as a commit returns, one commit in flight, and a failed unit fails alone", async () => {
    const store = new PacedStore();
    store.failCommit = 2;
    const running = await start(store);
    const send = (...ids: string[]) =>
      running.ingest.ingest({ messages: ids.map((id) => click(id)), receivedAt: T0 });
    const first = send("a");
    await tick();
    // Both arrive while the first commit is in flight: they become the second unit, which fails.
    const second = send("b");
    const third = send("c", "a");
    await tick();
    store.release();
    expect(await first).toMatchObject({ accepted: 1 });
    await tick();
    const fourth = send("d");
    store.release();
    await expect(second).rejects.toThrow("disk full");
    await expect(third).rejects.toThrow("disk full");
    await tick();
    store.release();
    expect(await fourth).toMatchObject({ accepted: 1 });
    await running.drain();
    expect(store.maxInFlight).toBe(1);
    expect(store.eventCommits).toBe(3);
    // The book holds exactly what the log holds: a and d, not the failed unit's b and c.
    expect(await store.countEvents()).toBe(2);
    expect([...running.state.book.leads.values()].map((lead) => lead.userId).sort()).toEqual([
      "u-a",
      "u-d",
    ]);
    // A retry of the failed requests goes through, the repeated id counted once.
    const retry = running.ingest.ingest({
      messages: [click("b"), click("c"), click("a")],
      receivedAt: T0,
    });
    await tick();
    store.release();
    expect(await retry).toMatchObject({ accepted: 2, duplicates: 1 });
  });

  it("fails what waits when the write lock cannot be taken, and takes later requests", async () => {
    const store = new PacedStore();
    const running = await start(store);
    store.failLock = true;
    const refused = running.ingest.ingest({ messages: [click("x")], receivedAt: T0 });
    await expect(refused).rejects.toThrow("lock lost");
    const later = running.ingest.ingest({ messages: [click("y")], receivedAt: T0 });
    await tick();
    store.release();
    expect(await later).toMatchObject({ accepted: 1 });
    await running.drain();
  });
});
