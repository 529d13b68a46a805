import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Claim, Outcome } from "../use-cases/app-services.ts";
import { callerMessages, publishCallers, topOf, userIds } from "./queue-fixture.ts";
import { iso, makeTestApp, T0, type TestApp } from "./test-app.ts";

const HOUR = 3_600_000;
let app: TestApp;
afterEach(async () => {
  await app.close();
});
const dir = mkdtempSync(join(tmpdir(), "leadscore-queues-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seeded(counts = { high: 3, medium: 3 }, dbPath = ":memory:"): Promise<TestApp> {
  app = await makeTestApp(dbPath, false);
  await publishCallers(app.services);
  await app.send(callerMessages(counts, T0 - 2 * HOUR));
  return app;
}

const page = (userId: string, at = app.clock.now) => ({
  type: "page",
  userId,
  messageId: `page-${userId}-${at}`,
  timestamp: iso(at),
  properties: { url: "https://shop.example/pricing" },
});
const heartbeat = (userId: string, at = app.clock.now) => ({
  type: "track",
  event: "presence.heartbeat",
  userId,
  messageId: `hb-${userId}-${at}`,
  timestamp: iso(at),
});

async function claimOk(agentId = "agent-1"): Promise<Claim> {
  const claim = await app.services.queues.claim({ queueId: "callers", agentId });
  if (!claim.ok) throw new Error(claim.error.detail);
  return claim.value;
}

async function leadIdOf(userId: string): Promise<string> {
  const list = await app.services.leads.list({ userId });
  const id = list.ok ? list.value.data[0]?.id : undefined;
  if (id === undefined) throw new Error(`no lead ${userId}`);
  return id;
}

async function outcome(userId: string, name: Outcome, extra: { callbackAt?: number } = {}) {
  const result = await app.services.queues.recordOutcome({
    queueId: "callers",
    leadId: await leadIdOf(userId),
    outcome: name,
    agentId: "agent-1",
    ...extra,
  });
  if (!result.ok) throw new Error(result.error.detail);
  return result.value;
}

describe("the call queue", () => {
  it("orders by grade, then score, then most recent activity", async () => {
    await seeded();
    await app.send([{ ...page("m2", T0 - HOUR), messageId: "old-view" }]);
    const top = await topOf(app.services);
    expect(userIds(top)).toEqual(["h0", "h1", "h2", "m2", "m0", "m1"]);
    expect(top[0]).toMatchObject({
      score: 60,
      grade: "B",
      band: "hot",
      stage: "lead",
      presentNow: false,
    });
    expect(top[3]).toMatchObject({ score: 30, grade: "B", lastActivityAt: T0 - HOUR });
  });

  it("puts a medium lead on the site first, keeps it there while heartbeats come, then drops it back", async () => {
    await seeded();
    await app.send([page("m1")]);
    let top = await topOf(app.services);
    expect(top[0]).toMatchObject({
      userId: "m1",
      grade: "A",
      presentNow: true,
      reasonCode: "on_site",
    });
    app.clock.now += 20_000;
    await app.send([heartbeat("m1")]);
    app.clock.now += 20_000;
    expect((await topOf(app.services))[0]?.userId).toBe("m1");
    app.clock.now += 11_000;
    top = await topOf(app.services);
    expect(userIds(top).slice(0, 4)).toEqual(["h0", "h1", "h2", "m1"]);
    expect(top[3]).toMatchObject({ grade: "B", presentNow: false });
  });

  it("ignores heartbeats of unknown visitors and of historical page views", async () => {
    await seeded();
    await app.send([heartbeat("stranger"), page("m0", T0 - 3 * HOUR)]);
    expect(userIds(await topOf(app.services)).slice(0, 3)).toEqual(["h0", "h1", "h2"]);
  });

  it("hands out claims in queue order, hides claimed leads and returns them when the lease ends", async () => {
    await seeded();
    const first = await claimOk("ana");
    const second = await claimOk("ben");
    expect([first.lead.userId, second.lead.userId]).toEqual(["h0", "h1"]);
    expect(first).toMatchObject({ agentId: "ana", queue: "callers", leaseUntil: T0 + 15 * 60_000 });
    expect(userIds(await topOf(app.services))).toEqual(["h2", "m0", "m1", "m2"]);
    app.clock.now += 10 * 60_000;
    const renewed = await app.services.queues.renew("callers", first.claimId);
    expect(renewed.ok && renewed.value.leaseUntil).toBe(app.clock.now + 15 * 60_000);
    app.clock.now += 6 * 60_000;
    expect(userIds(await topOf(app.services))[0]).toBe("h1");
    expect(await app.services.queues.renew("callers", second.claimId)).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    const released = await app.services.queues.release("callers", first.claimId);
    expect(released.ok).toBe(true);
    expect(userIds(await topOf(app.services)).slice(0, 2)).toEqual(["h0", "h1"]);
  });

  it("never hands the same lead to two agents under many concurrent claims", async () => {
    await seeded({ high: 10, medium: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.services.queues.claim({ queueId: "callers", agentId: `agent-${i}` }),
      ),
    );
    const claimed = results.flatMap((r) => (r.ok ? [r.value.lead.leadId] : []));
    expect(claimed.length).toBe(20);
    expect(new Set(claimed).size).toBe(20);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
      Array(30).fill("conflict"),
    );
    expect((await app.services.queues.top("callers")).ok).toBe(true);
    expect(await topOf(app.services)).toEqual([]);
  });

  it("records outcomes as scored events that move stages and keep the lead out for a while", async () => {
    await seeded();
    const claim = await claimOk();
    const report = await app.services.queues.recordOutcome({
      queueId: "callers",
      leadId: claim.lead.leadId,
      outcome: "qualified",
      agentId: "agent-1",
      claimId: claim.claimId,
      messageId: "outcome-1",
    });
    expect(report).toMatchObject({
      ok: true,
      value: { event: "call.qualified", status: "accepted", releasedClaim: claim.claimId },
    });
    const lead = await app.services.leads.get(claim.lead.leadId);
    expect(lead.ok && lead.value.models.calls?.stage).toBe("sql");
    expect(lead.ok && lead.value.lastActivityAt).toBe(T0 - 2 * HOUR);
    await outcome("m0", "interested");
    const m0 = await app.services.leads.get(await leadIdOf("m0"));
    expect(m0.ok && m0.value.models.calls?.score).toBe(40);
    expect(userIds(await topOf(app.services))).toEqual(["h1", "h2", "m1", "m2"]);
    app.clock.now += 4 * HOUR + 1;
    expect(userIds(await topOf(app.services))).toEqual(["h0", "h1", "h2", "m0", "m1", "m2"]);
    const again = await app.services.queues.recordOutcome({
      queueId: "callers",
      leadId: claim.lead.leadId,
      outcome: "qualified",
      agentId: "agent-1",
      messageId: "outcome-1",
    });
    expect(again).toMatchObject({ ok: true, value: { status: "duplicate" } });
  });

  it("keeps a call-back out of the queue until its time, across a restart", async () => {
    const path = join(dir, "callback.db");
    await seeded({ high: 2, medium: 1 }, path);
    await outcome("h0", "call_back", { callbackAt: T0 + 2 * HOUR });
    expect(userIds(await topOf(app.services))).toEqual(["h1", "m0"]);
    await app.close();
    app = await makeTestApp(path, false);
    app.clock.now = T0 + HOUR;
    expect(userIds(await topOf(app.services))).toEqual(["h1", "m0"]);
    app.clock.now = T0 + 2 * HOUR;
    const top = await topOf(app.services);
    expect(userIds(top)).toEqual(["h0", "h1", "m0"]);
    expect(top[0]).toMatchObject({ callbackDue: true, reasonCode: "callback_due" });
  });

  it("refuses call-backs without a future time, and times on other outcomes", async () => {
    await seeded();
    const leadId = await leadIdOf("h0");
    const base = { queueId: "callers", leadId, agentId: "a" } as const;
    for (const [input, pointer] of [
      [{ ...base, outcome: "call_back" }, "/callbackAt"],
      [{ ...base, outcome: "call_back", callbackAt: T0 - 1 }, "/callbackAt"],
      [{ ...base, outcome: "no_answer", callbackAt: T0 + HOUR }, "/callbackAt"],
      [{ ...base, outcome: "no_answer", claimId: "clm_nope" }, "/claimId"],
    ] as const) {
      const result = await app.services.queues.recordOutcome(input);
      expect(result).toMatchObject({
        ok: false,
        error: { code: "invalid", errors: [{ pointer }] },
      });
    }
    expect(
      await app.services.queues.recordOutcome({ ...base, queueId: "nope", outcome: "no_answer" }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("never offers leads that unsubscribed, asked not to be called, or whose data is wrong", async () => {
    await seeded();
    await app.send([
      {
        type: "track",
        event: "campaign.unsubscribed",
        userId: "h0",
        messageId: "u1",
        timestamp: iso(T0),
      },
      {
        type: "identify",
        userId: "h1",
        traits: { doNotCall: true },
        messageId: "d1",
        timestamp: iso(T0),
      },
    ]);
    await outcome("h2", "wrong_data");
    expect(userIds(await topOf(app.services))).toEqual(["m0", "m1", "m2"]);
    app.clock.now += 5 * HOUR;
    expect(userIds(await topOf(app.services))).toEqual(["m0", "m1", "m2"]);
    await app.send([
      {
        type: "identify",
        userId: "h2",
        traits: { phone: "+34 611 111 111" },
        messageId: "fix",
        timestamp: iso(app.clock.now),
      },
    ]);
    expect(userIds(await topOf(app.services))[0]).toBe("h2");
  });

  it("filters by band, stage, grade, score and traits, and rejects bad documents by field", async () => {
    await seeded();
    const put = await app.services.queues.put({
      id: "callers",
      source: {
        document: {
          id: "callers",
          model: "calls",
          eligible: { bands: ["warm"], when: { trait: "name", contains: "1" } },
          order: ["score", "activity"],
        },
      },
    });
    expect(put).toMatchObject({ ok: true, value: { revision: 2 } });
    expect(userIds(await topOf(app.services))).toEqual(["m1"]);
    const bad = await app.services.queues.put({
      id: "callers",
      source: {
        document: {
          id: "callers",
          model: "nope",
          eligible: { stages: ["lost"], when: { score: 3 } },
          order: ["size"],
          limits: { lease: "forever" },
        },
      },
    });
    expect(bad.ok ? [] : (bad.error.errors ?? []).map((e) => e.pointer).sort()).toEqual([
      "/eligible/stages",
      "/eligible/when",
      "/limits/lease",
      "/order",
    ]);
    const unknownModel = await app.services.queues.put({
      id: "callers",
      source: { document: { id: "callers", model: "nope" } },
    });
    expect(unknownModel).toMatchObject({ ok: false, error: { errors: [{ pointer: "/model" }] } });
  });

  it("bumps the queue version with every change a reader could see", async () => {
    await seeded();
    const before = await app.services.queues.top("callers");
    await app.send([page("m0")]);
    const after = await app.services.queues.top("callers");
    expect(after.ok && before.ok && after.value.version > before.value.version).toBe(true);
    expect((await app.services.queues.list())[0]).toMatchObject({
      id: "callers",
      model: "calls",
      size: 6,
      revision: 1,
    });
  });
});
