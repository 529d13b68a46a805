import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  postgresAvailable,
  type TestDatabase,
} from "../../testing/postgres-test-database.ts";
import { buildStoredEvent, runLeadStoreContract } from "../store-contract.ts";
import { PostgresLeadStore } from "./postgres-store.ts";

const available = await postgresAvailable("the PostgreSQL store suites");

describe.skipIf(!available)("PostgresLeadStore", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Each contract case starts from empty tables. */
  async function freshStore(): Promise<PostgresLeadStore> {
    const store = new PostgresLeadStore({ url: db.url });
    await store.migrate();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'leadscore_migrations'",
    );
    await client.query(`TRUNCATE ${rows.map((r) => r.tablename).join(", ")} RESTART IDENTITY`);
    await client.end();
    return store;
  }

  runLeadStoreContract("postgres", freshStore);

  describe("across processes", () => {
    it("serialises writers and lets each follow the other's commits", async () => {
      const a = await freshStore();
      const b = new PostgresLeadStore({ url: db.url });
      try {
        const start = await b.logPosition();
        const lock = await a.lockWrites();
        // b's commit waits for a's lock.
        let bDone = false;
        const bCommit = b
          .commit({
            events: [buildStoredEvent({ messageId: "from-b" })],
            identities: [{ identifier: "u:b", leadId: "ld_b" }],
          })
          .then((r) => {
            bDone = true;
            return r;
          });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(bDone).toBe(false);
        const aResult = await a.commit(
          { events: [buildStoredEvent({ messageId: "from-a" })] },
          lock,
        );
        await expect(a.commit({}, lock)).rejects.toMatchObject({ retriable: false });
        const bResult = await bCommit;
        expect(bResult.inserted).toEqual([true]);
        const seen = await a.readRemoteChanges(aResult.position ?? start, 100);
        expect(seen.events.map((e) => e.messageId)).toEqual(["from-b"]);
        expect(seen.units).toEqual([{ identities: [{ identifier: "u:b", leadId: "ld_b" }] }]);
        expect(seen.position).toEqual(bResult.position);
        const own = await b.readRemoteChanges(start, 100);
        expect(own.units).toEqual([]);
        expect(own.events.map((e) => e.messageId)).toEqual(["from-a", "from-b"]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("queues the next lock during a commit: it sees what another process committed first, and lets go unused", async () => {
      const a = await freshStore();
      await a.close();
      const ahead = new PostgresLeadStore({ url: db.url, lockAheadMs: 50 });
      const b = new PostgresLeadStore({ url: db.url });
      try {
        const lock = await ahead.lockWrites();
        // b asks for the lock first, then ahead's commit queues the next transaction behind it.
        const bCommit = b.commit({ events: [buildStoredEvent({ messageId: "from-b" })] });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const first = await ahead.commit(
          { events: [buildStoredEvent({ messageId: "from-ahead" })] },
          lock,
        );
        const bResult = await bCommit;
        const next = await ahead.lockWrites();
        const seen = await ahead.readRemoteChanges(
          first.position ?? { changeSeq: 0, eventSeq: 0 },
          100,
        );
        expect(seen.events.map((e) => e.messageId)).toEqual(["from-b"]);
        expect(seen.position).toEqual(bResult.position);
        await ahead.releaseWrites(next);
        // A queued transaction nobody takes lets go: another process's commit goes through.
        await ahead.commit({ events: [buildStoredEvent({ messageId: "again" })] });
        expect((await b.commit({ meta: { after: "ahead" } })).inserted).toEqual([]);
        expect(await b.getMeta("after")).toBe("ahead");
      } finally {
        await ahead.close();
        await b.close();
      }
    });

    it("tells the other processes about claims, queue versions and released claims", async () => {
      const a = await freshStore();
      const b = new PostgresLeadStore({ url: db.url });
      try {
        const start = await b.logPosition();
        const claim = await a.claimLead({
          claimId: "c1",
          queueId: "callers",
          agentId: "ag",
          candidates: ["ld_1"],
          now: 10,
          leaseUntil: 1000,
        });
        expect(claim?.leadId).toBe("ld_1");
        await a.commit({ releaseClaims: ["c1"] });
        const seen = await b.readRemoteChanges(start, 100);
        expect(seen.units).toEqual([{ claims: [claim] }, { releaseClaims: ["c1"] }]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("wakes a watcher when another process commits", async () => {
      const a = await freshStore();
      const b = new PostgresLeadStore({ url: db.url, pollMs: 60_000 });
      let woken = 0;
      const stop = b.watchRemoteCommits(() => woken++);
      try {
        await new Promise((resolve) => setTimeout(resolve, 200));
        await a.commit({ events: [buildStoredEvent({ messageId: "n1" })] });
        for (let i = 0; i < 50 && woken === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(woken).toBeGreaterThan(0);
      } finally {
        stop();
        await a.close();
        await b.close();
      }
    });

    it("says a lost connection is worth retrying", async () => {
      const store = new PostgresLeadStore({ url: "postgres://postgres@127.0.0.1:1/none" });
      await expect(store.commit({ meta: { a: "b" } })).rejects.toMatchObject({ retriable: true });
      await store.close();
    });
  });
});
