import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildStoredEvent, runLeadStoreContract } from "../store-contract.ts";
import { SqliteLeadStore } from "./sqlite-store.ts";
import { ROWS_PER_INSERT } from "./sqlite-writer.ts";

const dir = mkdtempSync(join(tmpdir(), "leadscore-sqlite-"));
let counter = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runLeadStoreContract("sqlite", async () => new SqliteLeadStore(join(dir, `t${++counter}.db`)));

describe("SqliteLeadStore on a file", () => {
  it("keeps committed events across a reopen", async () => {
    const path = join(dir, "reopen.db");
    const first = new SqliteLeadStore(path);
    await first.commit({
      events: [
        {
          messageId: "m",
          leadId: "ld",
          type: "track",
          event: "e",
          timestamp: 1,
          receivedAt: 2,
          anonymousId: "a",
          userId: null,
          properties: null,
          traits: null,
        },
      ],
    });
    await first.close();
    const second = new SqliteLeadStore(path);
    expect(await second.countEvents()).toBe(1);
    expect(await second.ping()).toBe(true);
    await second.close();
  });

  it("says which rows went in when multi-row inserts meet stored ids, repeats and text of any kind", async () => {
    const store = new SqliteLeadStore(join(dir, "multi-row.db"));
    const total = ROWS_PER_INSERT * 3 + 5;
    // Every third id is stored already; odd text (quotes, NUL, astral, non-Latin-1) must round-trip.
    const text = 'q"\\\u0000 é 漢 🎉';
    await store.commit({
      events: Array.from({ length: total }, (_, i) => i)
        .filter((i) => i % 3 === 0)
        .map((i) => buildStoredEvent({ messageId: `m-${i}` })),
    });
    const events = Array.from({ length: total }, (_, i) =>
      buildStoredEvent({
        messageId: `m-${i}`,
        event: `${text}${i}`,
        userId: i % 2 === 0 ? null : `u-${text}`,
        properties: i % 5 === 0 ? null : { text, i },
        timestamp: 1_700_000_000_000 + i,
      }),
    );
    // The same id twice in one unit, in one statement and across statements: only the first counts.
    events.push(buildStoredEvent({ messageId: "m-1" }), buildStoredEvent({ messageId: "m-new" }));
    events.splice(ROWS_PER_INSERT + 2, 0, buildStoredEvent({ messageId: "m-new" }));
    const { inserted } = await store.commit({ events });
    const expected = events.map((e, i) =>
      e.messageId === "m-new"
        ? i === ROWS_PER_INSERT + 2
        : Number(e.messageId.slice(2)) % 3 !== 0 && e.event !== "email.clicked",
    );
    expect(inserted).toEqual(expected);
    const stored = [];
    for (let after = 0; ; ) {
      const page = await store.readEvents(after, 50);
      stored.push(...page.events);
      if (page.nextSeq === null) break;
      after = page.nextSeq;
    }
    expect(stored).toHaveLength(total + 1);
    const byId = new Map(stored.map((e) => [e.messageId, e]));
    for (const e of events.filter((_, i) => expected[i])) {
      expect(byId.get(e.messageId)).toMatchObject({
        event: e.event,
        userId: e.userId,
        properties: e.properties,
        timestamp: e.timestamp,
      });
    }
    await store.close();
  });
});
