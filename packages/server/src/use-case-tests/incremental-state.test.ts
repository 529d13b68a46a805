import { seededRandom } from "@leadscore/core";
import { afterEach, describe, expect, it } from "vitest";
import type { LeadChanges } from "../use-cases/change-feed.ts";
import { historyFor } from "../use-cases/lead-book.ts";
import { iso, makeTestApp, T0, type TestApp } from "./test-app.ts";

const DAY = 86_400_000;
const TYPES = [
  "email.clicked",
  "page.viewed",
  "chatbot.completed",
  "demo.requested",
  "campaign.unsubscribed",
];
let app: TestApp;
afterEach(async () => {
  await app.close();
});

function randomMessages(seed: number, count: number): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const userId = `u${Math.floor(random() * 6)}`;
    const at = T0 - Math.floor(random() * 60 * DAY);
    if (random() < 0.15) {
      return {
        type: "identify",
        messageId: `m${seed}-${i}`,
        userId,
        timestamp: iso(at),
        traits: {
          jobTitle: pick(["VP Sales", "student", "engineer"]),
          employees: Math.floor(random() * 200),
        },
      };
    }
    if (random() < 0.1) {
      // An anonymous visitor who identifies later: a merge.
      return {
        type: "page",
        messageId: `m${seed}-${i}`,
        anonymousId: `anon-${userId}`,
        timestamp: iso(at),
        properties: { url: "https://x.io/pricing" },
      };
    }
    if (random() < 0.05) {
      return {
        type: "alias",
        messageId: `m${seed}-${i}`,
        userId,
        previousId: `anon-${userId}`,
        timestamp: iso(at),
      };
    }
    const type = pick(TYPES);
    return {
      type: "track",
      event: type,
      messageId: `m${seed}-${i}`,
      userId,
      timestamp: iso(at),
      properties: {
        campaignId: pick(["spring-launch", "other"]),
        fieldsCount: Math.floor(random() * 8),
        url: "https://x.io/pricing",
      },
    };
  });
}

describe("incremental lead state", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "equals a full replay after events arrive in any order, in batches, with merges (seed %i)",
    async (seed) => {
      app = await makeTestApp();
      const random = seededRandom(seed * 97);
      const messages = randomMessages(seed, 120);
      for (let i = 0; i < messages.length; ) {
        const size = 1 + Math.floor(random() * 12);
        await app.send(messages.slice(i, i + size));
        i += size;
      }
      await app.send(messages.slice(0, 10)); // duplicates change nothing
      const state = app.running.state;
      state.catchUp(T0 + DAY);
      const model = state.models.get("saas-main");
      if (model === undefined) throw new Error("no model");
      let compared = 0;
      for (const lead of state.book.leads.values()) {
        const slot = lead.models.get("saas-main");
        const replay = model.score(historyFor(lead, "saas-main"), lead.valuedAt);
        expect([lead.id, slot?.score, slot?.band, slot?.stage]).toEqual([
          lead.id,
          replay.score,
          replay.band,
          replay.stage,
        ]);
        compared++;
      }
      expect(compared).toBeGreaterThan(3);
    },
  );

  it("publishes changed leads on the change feed, once per commit", async () => {
    app = await makeTestApp();
    const batches: LeadChanges[] = [];
    app.running.state.feed.subscribe((changes) => batches.push(changes));
    await app.send([
      { type: "track", event: "email.clicked", userId: "a", messageId: "1", timestamp: iso(T0) },
      { type: "track", event: "email.clicked", userId: "b", messageId: "2", timestamp: iso(T0) },
    ]);
    expect(batches.map((b) => [b.cause, b.leadIds.size])).toEqual([["commit", 2]]);
  });

  it("wakes a lead when its grade runs out, without a scan", async () => {
    app = await makeTestApp();
    await app.send([{ type: "page", userId: "a", messageId: "p", timestamp: iso(T0) }]);
    const times: LeadChanges[] = [];
    app.running.state.feed.subscribe((changes) => times.push(changes));
    const grade = async () => {
      const list = await app.services.leads.list({ userId: "a" });
      return list.ok ? list.value.data[0]?.models["saas-main"]?.grade : undefined;
    };
    expect(await grade()).toBe("A");
    app.clock.now = T0 + 15 * 60_000 + 1;
    expect(await grade()).toBe("B");
    expect(times.map((t) => t.cause)).toContain("time");
    app.clock.now = T0 + DAY + 1;
    expect(await grade()).toBe("C");
  });

  it("wakes a lead again when a wake-up finds its grade instant moved later by new activity", async () => {
    app = await makeTestApp();
    const state = app.running.state;
    const click = (messageId: string, at: number) => ({
      type: "track",
      event: "email.clicked",
      userId: "a",
      messageId,
      timestamp: iso(at),
    });
    await app.send([click("1", T0)]);
    const lead = [...state.book.leads.values()].find((l) => l.userId === "a");
    const first = lead?.nextGradeAt ?? 0;
    app.clock.now = T0 + 60_000;
    await app.send([click("2", T0 + 60_000)]);
    const second = lead?.nextGradeAt ?? 0;
    expect(second).toBeGreaterThan(first);
    const times: LeadChanges[] = [];
    state.feed.subscribe((changes) => times.push(changes));
    state.advanceTime(first); // the first wake-up: nothing changed yet, the instant stays `second`
    expect(lead?.nextGradeAt).toBe(second);
    state.advanceTime(second);
    expect(times.filter((t) => t.cause === "time" && t.leadIds.has(lead?.id ?? "")).length).toBe(2);
    expect(lead?.models.get("saas-main")?.grade).not.toBe("A");
  });

  it("values a lead the same whether its events come in one unit or one at a time", async () => {
    const messages = [
      {
        type: "identify",
        userId: "a",
        messageId: "0",
        timestamp: iso(T0),
        traits: { employees: 80 },
      },
      ...[
        "email.clicked",
        "page.viewed",
        "chatbot.completed",
        "demo.requested",
        "email.clicked",
      ].map((event, i) => ({
        type: "track",
        event,
        userId: "a",
        messageId: String(i + 1),
        timestamp: iso(T0 + (i + 1) * 60_000),
        properties: { campaignId: "spring-launch", url: "https://x.io/pricing", fieldsCount: 6 },
      })),
    ];
    const slotsAfter = async (units: (typeof messages)[]) => {
      app = await makeTestApp();
      app.clock.now = T0 + 10 * 60_000;
      for (const unit of units) await app.send(unit);
      const lead = [...app.running.state.book.leads.values()].find((l) => l.userId === "a");
      const slot = lead?.models.get("saas-main");
      const valued = [slot?.score, slot?.band, slot?.stage, slot?.grade, lead?.nextGradeAt];
      await app.close();
      return valued;
    };
    const oneUnit = await slotsAfter([messages]);
    const oneByOne = await slotsAfter(messages.map((m) => [m]));
    expect(oneUnit).toEqual(oneByOne);
    expect(oneUnit[0]).toBeGreaterThan(0);
    app = await makeTestApp();
  });
});
