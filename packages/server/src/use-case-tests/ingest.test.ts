import { afterEach, describe, expect, it } from "vitest";
import { daysAgo, iso, makeTestApp, T0, type TestApp } from "./test-app.ts";

let app: TestApp;
afterEach(async () => {
  await app.close();
});

const click = (messageId: string, anonymousId: string, extra: Record<string, unknown> = {}) => ({
  type: "track",
  messageId,
  anonymousId,
  event: "email.clicked",
  properties: { campaignId: "spring-launch" },
  timestamp: daysAgo(1),
  ...extra,
});

describe("ingest", () => {
  it("answers per item: accepted, duplicate (stored before or twice in the batch), rejected", async () => {
    app = await makeTestApp();
    expect((await app.send([click("m1", "a1")])).accepted).toBe(1);
    const result = await app.send([
      click("m1", "a1"),
      click("m2", "a1"),
      click("m2", "a1"),
      { type: "track", messageId: "m3", anonymousId: "a1" },
    ]);
    expect(result.results.map((r) => r.status)).toEqual([
      "duplicate",
      "accepted",
      "duplicate",
      "rejected",
    ]);
    expect(result.results[3]?.error).toMatchObject({ code: "invalid", pointer: "/event" });
    expect([result.accepted, result.duplicates, result.rejected]).toEqual([1, 2, 1]);
    expect(await app.running.state.store.countEvents()).toBe(2);
    expect(await app.running.state.store.countFailedEvents()).toBe(1);
  });

  it("generates a messageId when missing", async () => {
    app = await makeTestApp();
    const { results } = await app.send([{ type: "page", anonymousId: "a1" }]);
    expect(results[0]?.status).toBe("accepted");
    expect(results[0]?.messageId).toMatch(/^msg_/);
  });

  it.each([
    ["not an object", 42, ""],
    ["unknown type", { type: "screen", anonymousId: "a" }, "/type"],
    ["no identity", { type: "page" }, "/userId"],
    ["wrong id type", { type: "page", userId: { x: 1 } }, "/userId"],
    [
      "garbage timestamp",
      { type: "page", anonymousId: "a", timestamp: "yesterday-ish" },
      "/timestamp",
    ],
    ["numeric timestamp", { type: "page", anonymousId: "a", timestamp: 5 }, "/timestamp"],
    [
      "far future",
      { type: "page", anonymousId: "a", timestamp: iso(T0 + 3 * 86_400_000) },
      "/timestamp",
    ],
    [
      "before 2000",
      { type: "page", anonymousId: "a", timestamp: "1970-01-02T00:00:00Z" },
      "/timestamp",
    ],
    [
      "properties not an object",
      { type: "page", anonymousId: "a", properties: [1] },
      "/properties",
    ],
    [
      "__proto__ key",
      JSON.parse('{"type":"page","anonymousId":"a","properties":{"__proto__":{"x":1}}}'),
      "/properties/__proto__",
    ],
    ["alias without previousId", { type: "alias", userId: "u" }, "/previousId"],
    // NUL cannot be stored in PostgreSQL text: one such id must not fail the whole group commit.
    ["NUL in messageId", { type: "page", anonymousId: "a", messageId: "m\u0000" }, "/messageId"],
    ["NUL in userId", { type: "page", userId: "u\u0000" }, "/userId"],
    ["NUL in anonymousId", { type: "page", anonymousId: "\u0000" }, "/anonymousId"],
  ])("rejects %s naming the field", async (_name, message, pointer) => {
    app = await makeTestApp();
    const { results } = await app.send([message]);
    expect(results[0]?.status).toBe("rejected");
    expect(results[0]?.error?.pointer).toBe(pointer);
  });

  it("rejects deep nesting and oversize events", async () => {
    app = await makeTestApp();
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { deep };
    const big = {
      type: "track",
      event: "x",
      anonymousId: "a",
      properties: { blob: "x".repeat(40_000) },
    };
    const { results } = await app.send([{ type: "page", anonymousId: "a", properties: deep }, big]);
    expect(results.map((r) => r.error?.code)).toEqual(["invalid", "too_large"]);
  });

  it("corrects client clock skew from sentAt and originalTimestamp", async () => {
    app = await makeTestApp();
    // The client clock runs 1 h ahead: it says it sent at T0+1h an event it recorded at T0+1h-5min.
    await app.send(
      [
        {
          type: "page",
          messageId: "skew",
          anonymousId: "a9",
          originalTimestamp: iso(T0 + 3_300_000),
        },
      ],
      iso(T0 + 3_600_000),
    );
    const events = await app.running.state.store.readEvents(0, 10);
    expect(events.events[0]?.timestamp).toBe(T0 - 300_000);
  });

  it("joins an anonymous visitor's history to the lead on identify (S13)", async () => {
    app = await makeTestApp();
    await app.send([click("c1", "visitor"), click("c2", "visitor", { properties: {} })]);
    await app.send([
      {
        type: "identify",
        messageId: "id1",
        anonymousId: "visitor",
        userId: "u-1",
        traits: { email: "Ann@Example.com" },
        timestamp: daysAgo(0),
      },
    ]);
    const found = await app.services.leads.list({ userId: "u-1" });
    expect(found.ok).toBe(true);
    const summary = found.ok ? found.value.data[0] : undefined;
    expect(summary?.email).toBe("ann@example.com");
    const lead = await app.services.leads.get(summary?.id ?? "");
    expect(lead.ok && lead.value.anonymousIds).toEqual(["visitor"]);
    // Two clicks (5 + 15, then 5) a day old: 25 × 2^(-1/30) = 24.4 → 24; no fit points.
    expect(lead.ok && lead.value.models["saas-main"]?.score).toBe(24);
    expect(lead.ok && lead.value.models["saas-main"]?.stage).toBe("lead");
    expect((await app.services.leads.list({ email: "ANN@example.com" })).ok).toBe(true);
  });

  it("lands a late event in its place", async () => {
    app = await makeTestApp();
    await app.send([
      {
        type: "identify",
        messageId: "i",
        userId: "u",
        traits: { email: "u@x.io" },
        timestamp: daysAgo(2),
      },
    ]);
    await app.send([
      click("late-2", "", { userId: "u", anonymousId: undefined, timestamp: daysAgo(1) }),
    ]);
    await app.send([
      click("late-1", "", { userId: "u", anonymousId: undefined, timestamp: daysAgo(1.5) }),
    ]);
    const list = await app.services.leads.list({ userId: "u" });
    const id = list.ok ? (list.value.data[0]?.id ?? "") : "";
    const explanation = await app.services.leads.explanation(id, "saas-main");
    const sources = explanation.ok
      ? explanation.value.ledger.map((l) => l.messageId).filter(Boolean)
      : [];
    expect(sources.slice(0, 2)).toEqual(["late-1", "late-1"]);
  });

  it("keeps a suppressed person out after erasure", async () => {
    app = await makeTestApp();
    await app.send([
      { type: "identify", messageId: "e1", userId: "gone", traits: { email: "gone@x.io" } },
    ]);
    const list = await app.services.leads.list({ userId: "gone" });
    const id = list.ok ? (list.value.data[0]?.id ?? "") : "";
    const erased = await app.services.leads.erase(id);
    expect(erased.ok && erased.value.eventsDeleted).toBe(1);
    expect((await app.services.leads.get(id)).ok).toBe(false);
    const again = await app.send([
      { type: "track", event: "x", userId: "other", traits: { email: "GONE@x.io" } },
    ]);
    expect(again.results[0]?.error?.code).toBe("suppressed");
    expect(await app.running.state.store.countEvents()).toBe(0);
  });

  it("refuses stage.set from a publishable key but takes it from a secret key", async () => {
    app = await makeTestApp();
    const msg = {
      type: "track",
      event: "stage.set",
      userId: "s",
      properties: { stage: "customer" },
    };
    const auth = { keyId: "k", allowedOrigins: ["https://x.example"], scopes: [] };
    const pk = await app.services.ingest.ingest({
      messages: [msg],
      receivedAt: T0,
      auth: { ...auth, kind: "publishable" },
    });
    expect(pk.results[0]?.error?.code).toBe("forbidden");
    const sk = await app.services.ingest.ingest({
      messages: [msg],
      receivedAt: T0,
      auth: { ...auth, kind: "secret" },
    });
    expect(sk.results[0]?.status).toBe("accepted");
  });
});
