import { afterEach, describe, expect, it } from "vitest";
import type { LeadSort } from "../use-cases/app-services.ts";
import { toSummary } from "../use-cases/lead-views.ts";
import { daysAgo, makeTestApp, type TestApp } from "./test-app.ts";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function seeded(): Promise<TestApp> {
  const made = await makeTestApp();
  const messages = Array.from({ length: 60 }, (_, i) => ({
    type: "identify",
    messageId: `id-${i}`,
    userId: `u${i}`,
    traits: {
      email: `p${i}@mail.io`,
      name: `Person ${i}`,
      jobTitle: i % 3 === 0 ? "VP Sales" : "Engineer",
      employees: (i % 4) * 30,
    },
    // Many leads share a timestamp and a score: ties are where cursors go wrong.
    timestamp: daysAgo(i % 5),
  }));
  await made.send(messages);
  return made;
}

describe("the leads page selection", () => {
  it.each([
    ["-score", 7],
    ["score", 1],
    ["-activity", 11],
    ["activity", 100],
  ] as const)("pages %s by %i exactly like a full sort, ties broken by id", async (sort, limit) => {
    app = await seeded();
    const state = app.running.state;
    state.catchUp(state.now());
    const key = (s: ReturnType<typeof toSummary>) =>
      sort.endsWith("score") ? (s.models["saas-main"]?.score ?? 0) : (s.lastActivityAt ?? 0);
    const direction = sort.startsWith("-") ? -1 : 1;
    const expected = [...state.book.leads.values()]
      .map(toSummary)
      .sort((a, b) => direction * (key(a) - key(b)) || (a.id < b.id ? -1 : 1))
      .map((s) => s.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await app.services.leads.list({
        sort: sort as LeadSort,
        limit,
        ...(cursor === undefined ? {} : { startingAfter: cursor }),
      });
      if (!result.ok) throw new Error(result.error.detail);
      seen.push(...result.value.data.map((l) => l.id));
      if (!result.value.hasMore) {
        expect(result.value.nextCursor).toBeNull();
        break;
      }
      cursor = result.value.nextCursor ?? undefined;
    }
    expect(seen).toEqual(expected);
  });

  it("counts bands over the filtered leads before the band filter", async () => {
    app = await seeded();
    const all = await app.services.leads.list({ q: "person 1" });
    const cold = await app.services.leads.list({ q: "person 1", band: "cold" });
    if (!all.ok || !cold.ok) throw new Error("list failed");
    expect(all.value.counts).toEqual(cold.value.counts);
    const total = Object.values(all.value.counts?.bands ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(11);
    expect(Object.keys(all.value.counts?.bands ?? {})).toEqual(["cold", "warm", "hot"]);
  });
});
