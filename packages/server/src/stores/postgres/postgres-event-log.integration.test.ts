import { describe, expect, it } from "vitest";
import type { LogPosition, StoredEvent } from "../../ports/store.ts";
import { postgresAvailable } from "../../testing/postgres-test-database.ts";
import { useTestSchema } from "../../testing/postgres-test-schema.ts";
import { buildStoredEvent } from "../store-contract.ts";
import { SEGMENT_EVENTS } from "./postgres-event-log.ts";
import { POSTGRES_MIGRATIONS } from "./postgres-migrations.ts";
import { PostgresLeadStore } from "./postgres-store.ts";

const available = await postgresAvailable("the PostgreSQL event log suite");

function events(prefix: string, count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) =>
    buildStoredEvent({ messageId: `${prefix}-${i}`, properties: { i } }),
  );
}

async function allEvents(store: PostgresLeadStore, limit: number) {
  const seen: (StoredEvent & { seq: number })[] = [];
  for (let after = 0; ; ) {
    const page = await store.readEvents(after, limit);
    expect(page.events.length).toBeLessThanOrEqual(limit);
    seen.push(...page.events);
    if (page.nextSeq === null) return seen;
    after = page.nextSeq;
  }
}

describe.skipIf(!available)("PostgreSQL event log (segments)", () => {
  const db = useTestSchema();

  async function freshStore(): Promise<PostgresLeadStore> {
    await db.reset();
    const store = new PostgresLeadStore({ url: db.url });
    await store.migrate();
    return store;
  }

  it("stores a duplicate once, within a unit and across units, and never hands it out", async () => {
    const store = await freshStore();
    const other = new PostgresLeadStore({ url: db.url });
    try {
      const start = await other.logPosition();
      const first = await store.commit({ events: events("a", 3) });
      expect(first.inserted).toEqual([true, true, true]);
      const again = [
        buildStoredEvent({ messageId: "a-1" }),
        buildStoredEvent({ messageId: "b-0" }),
        buildStoredEvent({ messageId: "b-0", properties: { second: true } }),
        buildStoredEvent({ messageId: "a-2" }),
        buildStoredEvent({ messageId: "b-1" }),
      ];
      expect((await store.commit({ events: again })).inserted).toEqual([
        false,
        true,
        false,
        false,
        true,
      ]);
      expect((await store.commit({ events: events("a", 2) })).inserted).toEqual([false, false]);
      const ids = ["a-0", "a-1", "a-2", "b-0", "b-1"];
      expect((await allEvents(store, 2)).map((e) => e.messageId)).toEqual(ids);
      const followed = await other.readRemoteChanges(start, 100);
      expect(followed.events.map((e) => e.messageId)).toEqual(ids);
      expect(followed.events.find((e) => e.messageId === "b-0")?.properties).toEqual({
        campaignId: "spring-launch",
      });
      expect(await store.countEvents()).toBe(5);
      // The blanked duplicates are not kept in the log's text either.
      const { rows } = await db.sql.query<{ body: string }>("SELECT body FROM event_segments");
      expect(rows.map((r) => r.body).join("")).not.toContain("second");
    } finally {
      await store.close();
      await other.close();
    }
  });

  it("splits a large unit into segments and pages through them in seq order", async () => {
    const store = await freshStore();
    try {
      const count = SEGMENT_EVENTS * 2 + 17;
      const result = await store.commit({ events: events("big", count) });
      expect(result.inserted.every(Boolean)).toBe(true);
      await store.commit({ events: events("small", 3) });
      const { rows } = await db.sql.query<{ n: number }>(
        "SELECT count(*)::integer AS n FROM event_segments",
      );
      expect(rows[0]?.n).toBe(4);
      for (const limit of [7, SEGMENT_EVENTS, 5000]) {
        const seen = await allEvents(store, limit);
        expect(seen).toHaveLength(count + 3);
        expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
        expect(seen.at(-1)?.messageId).toBe("small-2");
      }
    } finally {
      await store.close();
    }
  });

  it("lets a follower page through many commits and gaps with a small limit", async () => {
    const store = await freshStore();
    const other = new PostgresLeadStore({ url: db.url });
    try {
      const start = await other.logPosition();
      await store.commit({ events: events("one", 5) });
      await store.commit({ events: events("one", 5) }); // all duplicates: no segment, a gap
      for (let i = 0; i < 6; i++) await store.commit({ events: events(`c${i}`, 2) });
      const seen: string[] = [];
      let position = start;
      for (let round = 0; round < 100; round++) {
        const changes = await other.readRemoteChanges(position, 3);
        seen.push(...changes.events.map((e) => e.messageId));
        position = changes.position;
        if (!changes.more) break;
      }
      expect(seen).toHaveLength(17);
      expect(new Set(seen).size).toBe(17);
      expect(position).toEqual(await store.logPosition());
    } finally {
      await store.close();
      await other.close();
    }
  });

  it("erases events out of their segment, and the next append still gets a higher seq", async () => {
    const store = await freshStore();
    const other = new PostgresLeadStore({ url: db.url });
    try {
      await store.commit({
        events: [
          ...events("keep", 2),
          buildStoredEvent({ messageId: "gone-0", properties: { email: "ana@example.com" } }),
          buildStoredEvent({ messageId: "gone-1", properties: { email: "ana@example.com" } }),
        ],
      });
      const before = await other.logPosition();
      const erased = await store.commit({ eraseMessageIds: ["gone-0", "gone-1", "never-stored"] });
      expect(erased.eventsErased).toBe(2);
      expect((await allEvents(store, 10)).map((e) => e.messageId)).toEqual(["keep-0", "keep-1"]);
      const { rows } = await db.sql.query<{ body: string }>("SELECT body FROM event_segments");
      expect(rows.map((r) => r.body).join("")).not.toContain("ana@example.com");
      // The erased messageIds may come again (a suppression stops that higher up).
      const next = await store.commit({ events: [buildStoredEvent({ messageId: "gone-0" })] });
      expect(next.inserted).toEqual([true]);
      const seen = await allEvents(store, 10);
      expect(seen.map((e) => [e.messageId, e.seq])).toEqual([
        ["keep-0", 1],
        ["keep-1", 2],
        ["gone-0", 5],
      ]);
      const followed = await other.readRemoteChanges(before, 100);
      expect(followed.events.map((e) => e.messageId)).toEqual(["gone-0"]);
    } finally {
      await store.close();
      await other.close();
    }
  });

  it("keeps text exactly, whatever quotes, backslashes and escapes it holds", async () => {
    const store = await freshStore();
    try {
      const odd = [
        "it's",
        "back\\slash",
        "$$ $q$ E'x' '';--",
        'quote " and \\" escaped',
        "ünïcødé ✓ 🎯",
        "nul \u0000 inside",
        "line\nbreak\ttab",
      ];
      const stored = odd.map((text, i) =>
        buildStoredEvent({
          messageId: `odd-${i}-${text}`.replace("\u0000", "0"),
          leadId: `ld_${text}`.replace("\u0000", "0"),
          event: "page.viewed",
          userId: `u'${i}\\`,
          properties: { text, nested: { list: [text, 1, null, true] } },
          traits: { name: text },
        }),
      );
      expect((await store.commit({ events: stored })).inserted.every(Boolean)).toBe(true);
      const seen = await allEvents(store, 100);
      expect(seen.map(({ seq: _, ...e }) => e)).toEqual(stored);
      const { rows } = await db.sql.query<{ message_id: string }>(
        "SELECT message_id FROM event_ids ORDER BY seq",
      );
      expect(rows.map((r) => r.message_id)).toEqual(stored.map((e) => e.messageId));
      // The paths that rewrite a segment in SQL (a duplicate blanked, an erasure) keep it too.
      const more = buildStoredEvent({ messageId: "odd-more", properties: { text: odd.join("|") } });
      const again = await store.commit({ events: [stored[0] as StoredEvent, more] });
      expect(again.inserted).toEqual([false, true]);
      await store.commit({ eraseMessageIds: [stored[1]?.messageId ?? ""] });
      const after = await allEvents(store, 100);
      expect(after.map(({ seq: _, ...e }) => e)).toEqual([stored[0], ...stored.slice(2), more]);
    } finally {
      await store.close();
    }
  });

  it("moves the events of a database from before segments, seqs and dedupe kept", async () => {
    await db.reset();
    await db.sql.query("CREATE TABLE leadscore_migrations (version integer PRIMARY KEY)");
    for (let step = 0; step < 4; step++) {
      await db.sql.query(POSTGRES_MIGRATIONS[step] ?? "");
      await db.sql.query("INSERT INTO leadscore_migrations (version) VALUES ($1)", [step + 1]);
    }
    await db.sql.query(
      `INSERT INTO events (seq, message_id, lead_id, type, event, ts, received_at, anonymous_id, user_id, properties, traits)
       VALUES (3, 'old-1', 'ld_1', 'track', 'email.clicked', 10, 11, 'anon-1', NULL, '{"campaignId":"x"}', NULL),
              (7, 'old-2', 'ld_2', 'identify', 'identify', 12, 13, NULL, 'u2', NULL, '{"email":"b@example.com"}')`,
    );
    await db.sql.query("INSERT INTO changes (writer, unit) VALUES ('w_old', '{}')");
    const store = new PostgresLeadStore({ url: db.url });
    try {
      await store.migrate();
      expect(await store.ping()).toBe(true);
      const seen = await allEvents(store, 100);
      expect(seen).toEqual([
        {
          seq: 3,
          messageId: "old-1",
          leadId: "ld_1",
          type: "track",
          event: "email.clicked",
          timestamp: 10,
          receivedAt: 11,
          anonymousId: "anon-1",
          userId: null,
          properties: { campaignId: "x" },
          traits: null,
        },
        {
          seq: 7,
          messageId: "old-2",
          leadId: "ld_2",
          type: "identify",
          event: "identify",
          timestamp: 12,
          receivedAt: 13,
          anonymousId: null,
          userId: "u2",
          properties: null,
          traits: { email: "b@example.com" },
        },
      ]);
      const position: LogPosition = await store.logPosition();
      expect(position.eventSeq).toBe(7);
      const next = await store.commit({
        events: [buildStoredEvent({ messageId: "old-2" }), buildStoredEvent({ messageId: "new" })],
      });
      expect(next.inserted).toEqual([false, true]);
      expect((await allEvents(store, 100)).map((e) => [e.messageId, e.seq])).toEqual([
        ["old-1", 3],
        ["old-2", 7],
        ["new", 9],
      ]);
    } finally {
      await store.close();
    }
  });
});
