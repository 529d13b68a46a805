import { describe, expect, it } from "vitest";
import { generateDemoHistory } from "./generate-demo-history.ts";

const endAt = Date.parse("2026-03-01T00:00:00Z");

describe("generateDemoHistory", () => {
  it("is deterministic from its seed and stays inside the window", () => {
    const a = generateDemoHistory({ seed: 7, leads: 200, endAt });
    const b = generateDemoHistory({ seed: 7, leads: 200, endAt });
    expect(a).toEqual(b);
    const times = a.messages.map((m) => Date.parse(m.timestamp));
    expect(Math.max(...times)).toBeLessThanOrEqual(endAt);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(endAt - 90 * 86_400_000);
    expect(new Set(a.messages.map((m) => m.messageId)).size).toBe(a.messages.length);
  });

  it("has conversions, more often among engaged leads", () => {
    const { messages, convertedUserIds } = generateDemoHistory({ seed: 1, leads: 2000, endAt });
    expect(convertedUserIds.length).toBeGreaterThan(50);
    expect(convertedUserIds.length).toBeLessThan(1500);
    const perUser = new Map<string, number>();
    for (const m of messages) {
      if (typeof m.userId === "string") perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
    }
    const won = new Set(convertedUserIds);
    const mean = (ids: string[]) =>
      ids.reduce((s, id) => s + (perUser.get(id) ?? 0), 0) / ids.length;
    const users = [...perUser.keys()];
    expect(mean(users.filter((u) => won.has(u)))).toBeGreaterThan(
      mean(users.filter((u) => !won.has(u))),
    );
  });

  it("spreads the leads' last activity instead of stopping every story at the end", () => {
    const { messages } = generateDemoHistory({ seed: 42, leads: 1000, endAt });
    const last = new Map<string, number>();
    for (const m of messages) {
      const who = String(m.userId ?? m.anonymousId);
      last.set(who, Math.max(last.get(who) ?? 0, Date.parse(m.timestamp)));
    }
    const perInstant = new Map<number, number>();
    for (const at of last.values()) perInstant.set(at, (perInstant.get(at) ?? 0) + 1);
    expect(Math.max(...perInstant.values())).toBeLessThanOrEqual(2);
    const recent = [...last.values()].filter((at) => at > endAt - 15 * 60_000).length;
    expect(recent).toBeLessThan(last.size / 50);
  });
});
