import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StoredEvent } from "../../ports/store.ts";
import { SqliteLeadStore } from "./sqlite-store.ts";

const dir = mkdtempSync(join(tmpdir(), "leadscore-checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (i: number): StoredEvent => ({
  messageId: `m${i}`,
  leadId: `ld${i % 50}`,
  type: "track",
  event: "page.viewed",
  timestamp: i,
  receivedAt: i,
  anonymousId: `a${i}`,
  userId: null,
  properties: { url: `https://shop.example/${"p".repeat(200)}/${i}` },
  traits: null,
});

describe("WAL checkpoints off the commit path", () => {
  it("copies committed pages into the database from its own thread, well before the WAL bound", async () => {
    const path = join(dir, "checkpointed.db");
    const store = new SqliteLeadStore(path);
    // About 1 MB of rows: far below the writer's autocheckpoint (4096 pages), so only the thread copies them.
    for (let batch = 0; batch < 10; batch++) {
      await store.commit({ events: Array.from({ length: 300 }, (_, i) => event(batch * 300 + i)) });
    }
    const before = statSync(path).size;
    const deadline = Date.now() + 10_000;
    while (statSync(path).size <= before + 500_000 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statSync(path).size).toBeGreaterThan(before + 500_000);
    expect(await store.countEvents()).toBe(3000);
    await store.close();
    const reopened = new SqliteLeadStore(path);
    expect(await reopened.countEvents()).toBe(3000);
    await reopened.close();
  });
});
