import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../../testing/postgres-test-database.ts";
import { useTestSchema } from "../../testing/postgres-test-schema.ts";
import { KeyServiceImpl } from "../../use-cases/key-service.ts";
import { ServiceState } from "../../use-cases/service-state.ts";
import { buildStoredEvent } from "../store-contract.ts";
import { PostgresLeadStore } from "./postgres-store.ts";

const available = await postgresAvailable("the PostgreSQL changes pruning suite");

describe.skipIf(!available)("pruning the PostgreSQL changes table", () => {
  const db = useTestSchema();

  async function freshDatabase(): Promise<void> {
    await db.reset();
    const store = new PostgresLeadStore({ url: db.url });
    await store.migrate();
    await store.close();
  }

  const link = (n: number) => ({ identities: [{ identifier: `u:${n}`, leadId: `ld_${n}` }] });
  const changeSeqs = async () =>
    (
      await db.sql.query<{ seq: number }>("SELECT seq::integer AS seq FROM changes ORDER BY seq")
    ).rows.map((r) => r.seq);

  it("keeps young rows and the newest, and prunes at most once per interval", async () => {
    await freshDatabase();
    const store = new PostgresLeadStore({
      url: db.url,
      changesRetentionMs: 60_000,
      pruneEveryMs: 0,
    });
    try {
      for (let n = 1; n <= 3; n++) await store.commit(link(n));
      // Young rows stay.
      expect(await changeSeqs()).toEqual([1, 2, 3]);
      await db.sql.query("UPDATE changes SET at = at - 120000 WHERE seq <= 3");
      await store.commit(link(4));
      expect(await changeSeqs()).toEqual([4]);
      await db.sql.query("UPDATE changes SET at = at - 120000");
      await store.commit({ meta: { a: "b" } }); // no change row of its own: the newest stays
      expect(await changeSeqs()).toEqual([4]);
      const { rows } = await db.sql.query<{ through: number }>(
        "SELECT through::integer AS through FROM changes_pruned",
      );
      expect(rows).toEqual([{ through: 3 }]);
    } finally {
      await store.close();
    }
    const lazy = new PostgresLeadStore({
      url: db.url,
      changesRetentionMs: 0,
      pruneEveryMs: 3_600_000,
    });
    try {
      await lazy.commit(link(5)); // the first commit prunes
      await lazy.commit(link(6)); // the next ones wait for the interval
      await lazy.commit(link(7));
      expect(await changeSeqs()).toEqual([5, 6, 7]);
    } finally {
      await lazy.close();
    }
  });

  it("tells a follower behind the pruned rows to reload, and a process reloads and sees everything", async () => {
    await freshDatabase();
    const writer = new PostgresLeadStore({ url: db.url, changesRetentionMs: 0, pruneEveryMs: 0 });
    const followerStore = new PostgresLeadStore({ url: db.url, pollMs: 3_600_000 });
    const state = new ServiceState({
      store: followerStore,
      now: () => 1_700_000_000_000,
      newId: (prefix) => `${prefix}_follower`,
      groupCommitMs: 1,
      decayRefreshMs: 30_000,
    });
    try {
      await state.load();
      const before = state.position;
      await writer.commit({
        ...link(1),
        events: [buildStoredEvent({ messageId: "e1", leadId: "ld_1", userId: "1" })],
      });
      await writer.commit(link(2)); // prunes the first change
      expect(await changeSeqs()).toEqual([2]);
      const changes = await followerStore.readRemoteChanges(before, 100);
      expect(changes).toMatchObject({ reload: true, events: [] });
      // A follower that is up to date is not asked to reload.
      const current = await followerStore.logPosition();
      expect((await followerStore.readRemoteChanges(current, 100)).reload).toBeUndefined();
      await state.follow();
      expect(state.graph.lookup("u:1")).toBe("ld_1");
      expect(state.graph.lookup("u:2")).toBe("ld_2");
      expect(state.findLead("ld_1")).not.toBeNull();
      expect(state.position).toEqual(current);
    } finally {
      await writer.close();
      await followerStore.close();
    }
  });

  it("hands a process told to reload the keys, revocations, queue versions and claims it missed", async () => {
    await freshDatabase();
    const writerStore = new PostgresLeadStore({
      url: db.url,
      changesRetentionMs: 0,
      pruneEveryMs: 0,
    });
    const followerStore = new PostgresLeadStore({ url: db.url, pollMs: 3_600_000 });
    const service = (store: PostgresLeadStore, name: string) =>
      new ServiceState({
        store,
        now: () => 1_700_000_000_000,
        newId: (prefix) => `${prefix}_${name}_${Math.random().toString(36).slice(2)}`,
        groupCommitMs: 1,
        decayRefreshMs: 30_000,
      });
    const writer = service(writerStore, "w");
    const follower = service(followerStore, "f");
    const writerKeys = new KeyServiceImpl(writer);
    const followerKeys = new KeyServiceImpl(follower);
    try {
      await writer.load();
      await writerKeys.load();
      const old = await writerKeys.create({ kind: "secret", name: "old", scopes: ["leads:read"] });
      if (!old.ok) throw new Error("key");
      await follower.load();
      await followerKeys.load();
      expect(await followerKeys.authenticate(old.value.secret)).not.toBeNull();
      // While the follower does not follow, the writer revokes, creates, defines a queue, claims a
      // lead, and prunes every change but the newest.
      const fresh = await writerKeys.create({
        kind: "secret",
        name: "new",
        scopes: ["leads:read"],
      });
      if (!fresh.ok) throw new Error("key");
      expect((await writerKeys.revoke(old.value.key.id)).ok).toBe(true);
      const queue = {
        queueId: "callers",
        version: 1,
        document: "{}",
        publishedAt: 1,
        deleted: false,
      };
      await writerStore.commit({ queueVersions: [queue] });
      const claim = await writerStore.claimLead({
        claimId: "c1",
        queueId: "callers",
        agentId: "ag",
        candidates: ["ld_1"],
        now: Date.now(),
        leaseUntil: Date.now() + 60_000,
      });
      await writerStore.commit({ meta: { last: "prune" } });
      const changes = await followerStore.readRemoteChanges(follower.position, 100);
      expect(changes.reload).toBe(true);
      expect(changes.units).toEqual([
        expect.objectContaining({ queueVersions: [queue], claims: [claim] }),
      ]);
      await follower.follow();
      expect(await followerKeys.authenticate(fresh.value.secret)).not.toBeNull();
      expect(await followerKeys.authenticate(old.value.secret)).toBeNull();
    } finally {
      await writerStore.close();
      await followerStore.close();
    }
  });
  it("after a failed commit, a process rebuilds and still hands other processes' keys to its listeners", async () => {
    await freshDatabase();
    const other = new PostgresLeadStore({ url: db.url });
    const ownStore = new PostgresLeadStore({ url: db.url, pollMs: 3_600_000 });
    const state = new ServiceState({
      store: ownStore,
      now: () => 1_700_000_000_000,
      newId: (prefix) => `${prefix}_own`,
      groupCommitMs: 1,
      decayRefreshMs: 30_000,
    });
    const keyIds: string[] = [];
    state.onRemoteUnit((unit) => keyIds.push(...(unit.keys ?? []).map((k) => k.id)));
    try {
      await state.load();
      const key = {
        id: "key_other",
        kind: "secret" as const,
        name: "made by the other process",
        scopes: ["admin"],
        allowedOrigins: [],
        hash: "0".repeat(64),
        prefix: "sk_0000",
        createdAt: 1_700_000_000_000,
        revokedAt: null,
      };
      await other.commit({
        keys: [key],
        ...link(1),
        events: [buildStoredEvent({ messageId: "e1", leadId: "ld_1", userId: "1" })],
      });
      // What ingest does when its unit fails to commit: rebuild from the tables.
      await state.reload();
      expect(state.findLead("ld_1")).not.toBeNull();
      await state.follow();
      expect(keyIds).toEqual(["key_other"]);
      expect(state.position).toEqual(await ownStore.logPosition());
    } finally {
      await other.close();
      await ownStore.close();
    }
  });
});
