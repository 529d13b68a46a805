// One behaviour suite for the store port; every adapter (memory, SQLite, PostgreSQL) runs it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store, StoredEvent } from "../ports/store.ts";
import { userStoreCases } from "./user-store-contract.ts";

export function buildStoredEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    messageId: "m-1",
    leadId: "ld_1",
    type: "track",
    event: "email.clicked",
    timestamp: 1_700_000_000_000,
    receivedAt: 1_700_000_000_500,
    anonymousId: "anon-1",
    userId: null,
    properties: { campaignId: "spring-launch" },
    traits: null,
    ...overrides,
  };
}

export function runLeadStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it("is reachable after migrating, and migrating twice is harmless", async () => {
      await store.migrate();
      expect(await store.ping()).toBe(true);
    });

    it("appends events and reports duplicates by messageId, also within one unit", async () => {
      const first = await store.commit({
        events: [buildStoredEvent(), buildStoredEvent({ messageId: "m-2" })],
      });
      expect(first.inserted).toEqual([true, true]);
      const second = await store.commit({
        events: [
          buildStoredEvent({ event: "changed" }),
          buildStoredEvent({ messageId: "m-3" }),
          buildStoredEvent({ messageId: "m-3" }),
        ],
      });
      expect(second.inserted).toEqual([false, true, false]);
      expect(await store.countEvents()).toBe(3);
      const page = await store.readEvents(0, 10);
      expect(page.events.map((e) => e.messageId)).toEqual(["m-1", "m-2", "m-3"]);
      expect(page.events[0]?.event).toBe("email.clicked");
    });

    it("round-trips every event field, with empty JSON stored as null", async () => {
      const event = buildStoredEvent({
        type: "identify",
        userId: "u-9",
        properties: null,
        traits: { email: "a@b.example", employees: 120, tags: ["x"] },
      });
      await store.commit({
        events: [event, buildStoredEvent({ messageId: "m-e", properties: {} })],
      });
      const [stored, empty] = (await store.readEvents(0, 10)).events;
      const { seq: _seq, ...rest } = stored ?? { seq: 0 };
      expect(rest).toEqual(event);
      expect(empty?.properties).toBeNull();
    });

    it("pages through the log in append order", async () => {
      const events = Array.from({ length: 5 }, (_, i) => buildStoredEvent({ messageId: `p-${i}` }));
      await store.commit({ events });
      const one = await store.readEvents(0, 2);
      expect(one.events.map((e) => e.messageId)).toEqual(["p-0", "p-1"]);
      expect(one.nextSeq).not.toBeNull();
      const two = await store.readEvents(one.nextSeq ?? 0, 2);
      expect(two.events.map((e) => e.messageId)).toEqual(["p-2", "p-3"]);
      const three = await store.readEvents(two.nextSeq ?? 0, 2);
      expect(three.events.map((e) => e.messageId)).toEqual(["p-4"]);
      expect(three.nextSeq).toBeNull();
    });

    it("keeps identities and merges, the latest link winning", async () => {
      await store.commit({
        identities: [
          { identifier: "a:anon-1", leadId: "ld_1" },
          { identifier: "u:u-1", leadId: "ld_1" },
        ],
        merges: [{ fromLeadId: "ld_2", intoLeadId: "ld_1", at: 5 }],
      });
      await store.commit({ identities: [{ identifier: "a:anon-1", leadId: "ld_3" }] });
      const links = [...(await store.identities())].sort((x, y) =>
        x.identifier.localeCompare(y.identifier),
      );
      expect(links).toEqual([
        { identifier: "a:anon-1", leadId: "ld_3" },
        { identifier: "u:u-1", leadId: "ld_1" },
      ]);
      expect(await store.merges()).toEqual([{ fromLeadId: "ld_2", intoLeadId: "ld_1", at: 5 }]);
    });

    it("erases a lead's events, identities, merges and feedback, and remembers the suppression", async () => {
      await store.commit({
        events: [
          buildStoredEvent({ messageId: "x1", leadId: "ld_x" }),
          buildStoredEvent({ messageId: "y1", leadId: "ld_y" }),
        ],
        identities: [
          { identifier: "e:x@example.com", leadId: "ld_x" },
          { identifier: "e:y@example.com", leadId: "ld_y" },
        ],
        merges: [{ fromLeadId: "ld_x0", intoLeadId: "ld_x", at: 1 }],
        feedback: [
          {
            id: "f1",
            leadId: "ld_x",
            model: null,
            verdict: "bad_fit",
            note: null,
            at: 1,
            keyId: null,
          },
        ],
      });
      const result = await store.commit({
        eraseLeadIds: ["ld_x"],
        eraseMessageIds: ["x1", "never-stored"],
        suppressions: ["hash-x"],
        audit: [{ at: 2, action: "lead.erased", detail: { events: 1 } }],
      });
      expect(result.eventsErased).toBe(1);
      expect((await store.readEvents(0, 10)).events.map((e) => e.messageId)).toEqual(["y1"]);
      expect((await store.identities()).map((l) => l.leadId)).toEqual(["ld_y"]);
      expect(await store.merges()).toEqual([]);
      expect(await store.feedbackOf(["ld_x"])).toEqual([]);
      expect(await store.suppressions()).toEqual(["hash-x"]);
      expect(await store.audit(10)).toEqual([
        { at: 2, action: "lead.erased", detail: { events: 1 } },
      ]);
      // An erased messageId may arrive again (before suppression is checked) and is stored afresh.
      expect(
        (await store.commit({ events: [buildStoredEvent({ messageId: "x1" })] })).inserted,
      ).toEqual([true]);
    });

    it("keeps failed events with their reason, and feedback per lead", async () => {
      await store.commit({
        failedEvents: [
          { receivedAt: 1, code: "invalid", detail: "no id", pointer: "/userId", payload: "{}" },
        ],
        feedback: [
          {
            id: "f1",
            leadId: "ld_1",
            model: "m",
            verdict: "good_fit",
            note: "n",
            at: 3,
            keyId: "k",
          },
        ],
      });
      expect(await store.countFailedEvents()).toBe(1);
      expect((await store.failedEvents(10))[0]?.code).toBe("invalid");
      expect(await store.feedbackOf(["ld_1"])).toEqual([
        { id: "f1", leadId: "ld_1", model: "m", verdict: "good_fit", note: "n", at: 3, keyId: "k" },
      ]);
    });

    it("lists every feedback row, oldest first", async () => {
      const mark = { model: null, note: null, keyId: null, verdict: "bad_fit" as const };
      await store.commit({ feedback: [{ ...mark, id: "f2", leadId: "ld_2", at: 9 }] });
      await store.commit({ feedback: [{ ...mark, id: "f1", leadId: "ld_1", at: 4 }] });
      expect((await store.allFeedback()).map((row) => [row.id, row.leadId, row.at])).toEqual([
        ["f1", "ld_1", 4],
        ["f2", "ld_2", 9],
      ]);
    });

    it("stores model versions and refuses a version twice without writing the rest of the unit", async () => {
      const row = {
        modelId: "saas-main",
        version: 1,
        name: "SaaS",
        document: "{}",
        publishedAt: 10,
        retroactive: false,
      };
      await store.commit({ modelVersions: [row] });
      await expect(
        store.commit({
          modelVersions: [row],
          events: [buildStoredEvent({ messageId: "rolled-back" })],
        }),
      ).rejects.toThrow();
      expect(await store.countEvents()).toBe(0);
      await store.commit({ modelVersions: [{ ...row, version: 2, retroactive: true }] });
      expect((await store.modelVersions()).map((m) => [m.version, m.retroactive])).toEqual([
        [1, false],
        [2, true],
      ]);
    });

    it("stores keys hashed and revokes them once", async () => {
      const key = {
        id: "key_1",
        kind: "secret" as const,
        name: "admin",
        scopes: ["admin"],
        allowedOrigins: [],
        hash: "abc",
        prefix: "sk_123",
        createdAt: 1,
        revokedAt: null,
      };
      await store.commit({ keys: [key] });
      await store.commit({ revokeKeys: [{ id: "key_1", at: 7 }] });
      await store.commit({ revokeKeys: [{ id: "key_1", at: 9 }] });
      expect(await store.keys()).toEqual([{ ...key, revokedAt: 7 }]);
    });

    it("keeps meta values", async () => {
      expect(await store.getMeta("admin-key-created")).toBeNull();
      await store.commit({ meta: { "admin-key-created": "1" } });
      expect(await store.getMeta("admin-key-created")).toBe("1");
    });
    it("holds an idempotency slot for one request at a time, keeps its response, then lets it expire", async () => {
      expect(await store.claimIdempotencySlot("s1", "fp", 100, 200)).toBeNull();
      expect(await store.claimIdempotencySlot("s1", "fp", 150, 250)).toEqual({
        fingerprint: "fp",
        response: null,
        expiresAt: 200,
      });
      const response = { status: 201, contentType: "application/json", body: "{}" };
      await store.finishIdempotencySlot("s1", response, 1000);
      expect(await store.claimIdempotencySlot("s1", "other", 500, 600)).toEqual({
        fingerprint: "fp",
        response,
        expiresAt: 1000,
      });
      expect(await store.claimIdempotencySlot("s1", "other", 1000, 1100)).toBeNull();
      await store.finishIdempotencySlot("s1", null, 0);
      expect(await store.claimIdempotencySlot("s1", "again", 1001, 1101)).toBeNull();
    });

    userStoreCases(() => store);
    // ---- realtime: presence and queues ----
    it("keeps the latest presence per lead, and erasure forgets it", async () => {
      await store.commit({ presence: [{ leadId: "ld_p", seenAt: 10 }] });
      await store.commit({
        presence: [
          { leadId: "ld_p", seenAt: 30 },
          { leadId: "ld_p", seenAt: 20 },
          { leadId: "ld_q", seenAt: 5 },
        ],
      });
      const rows = [...(await store.presence())].sort((a, b) => a.leadId.localeCompare(b.leadId));
      expect(rows).toEqual([
        { leadId: "ld_p", seenAt: 30 },
        { leadId: "ld_q", seenAt: 5 },
      ]);
      await store.commit({ eraseLeadIds: ["ld_p"] });
      expect(await store.presence()).toEqual([{ leadId: "ld_q", seenAt: 5 }]);
    });

    it("stores queue versions and refuses a version twice", async () => {
      const row = { queueId: "sales", version: 1, document: "{}", publishedAt: 1, deleted: false };
      await store.commit({ queueVersions: [row] });
      await expect(store.commit({ queueVersions: [row] })).rejects.toThrow();
      await store.commit({ queueVersions: [{ ...row, version: 2, deleted: true }] });
      expect((await store.queueVersions()).map((q) => [q.queueId, q.version, q.deleted])).toEqual([
        ["sales", 1, false],
        ["sales", 2, true],
      ]);
    });

    const claim = (claimId: string, candidates: string[], now = 100, leaseUntil = 200) =>
      store.claimLead({
        claimId,
        queueId: "sales",
        agentId: `agent-${claimId}`,
        candidates,
        now,
        leaseUntil,
      });

    it("claims the first free candidate, renews it, and frees it on release or expiry", async () => {
      expect(await claim("c1", ["ld_a", "ld_b"])).toMatchObject({ id: "c1", leadId: "ld_a" });
      expect(await claim("c2", ["ld_a", "ld_b"])).toMatchObject({ id: "c2", leadId: "ld_b" });
      expect(await claim("c3", ["ld_a", "ld_b"])).toBeNull();
      expect(await claim("c3", [])).toBeNull();
      expect(await store.renewClaim("c1", 300, 150)).toMatchObject({
        leadId: "ld_a",
        leaseUntil: 300,
      });
      expect(await store.renewClaim("c2", 300, 250)).toBeNull();
      expect((await store.activeClaims(250)).map((c) => c.id)).toEqual(["c1"]);
      // c2 expired at 200: its lead can be claimed again, c1 still holds ld_a.
      expect(await claim("c4", ["ld_a", "ld_b"], 250, 400)).toMatchObject({ leadId: "ld_b" });
      await store.commit({ releaseClaims: ["c1"] });
      expect(await claim("c5", ["ld_a"], 260, 400)).toMatchObject({ leadId: "ld_a" });
      expect(await store.renewClaim("c1", 500, 260)).toBeNull();
      await store.commit({ eraseLeadIds: ["ld_a"] });
      expect((await store.activeClaims(260)).map((c) => c.leadId)).toEqual(["ld_b"]);
    });

    it("hands each lead out once under many concurrent claims", async () => {
      const candidates = Array.from({ length: 20 }, (_, i) => `ld_${i}`);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => claim(`race-${i}`, candidates)),
      );
      const leads = results.flatMap((r) => (r === null ? [] : [r.leadId]));
      expect(leads.length).toBe(20);
      expect(new Set(leads).size).toBe(20);
      expect(results.filter((r) => r === null).length).toBe(10);
    });
  });
}
