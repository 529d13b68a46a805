import { describe, expect, it } from "vitest";
import { applyQueueEvent, parseQueueEvent } from "./queue-stream.ts";

const entry = (leadId: string, score = 50, extra: Record<string, unknown> = {}) => ({
  leadId,
  score,
  band: "hot",
  ...extra,
});

describe("parseQueueEvent", () => {
  it("reads a bare list and a { data } envelope alike", () => {
    expect(parseQueueEvent(JSON.stringify([entry("l1")]))).toEqual([entry("l1")]);
    expect(parseQueueEvent(JSON.stringify({ data: [entry("l1")] }))).toEqual([entry("l1")]);
  });

  it("drops malformed entries and ignores non-lists", () => {
    expect(parseQueueEvent(JSON.stringify([entry("l1"), { leadId: 3 }]))).toEqual([entry("l1")]);
    expect(parseQueueEvent("{not json")).toBeUndefined();
    expect(parseQueueEvent(JSON.stringify({ data: "x" }))).toBeUndefined();
  });
});

describe("applyQueueEvent", () => {
  const snapshot = JSON.stringify({
    queue: "callers",
    version: 4,
    size: 10,
    data: [entry("a", 90), entry("b", 80), entry("c", 70)],
  });

  it("starts from a snapshot and applies order, upserts and removals", () => {
    const start = applyQueueEvent(undefined, "snapshot", snapshot);
    expect(start).toMatchObject({ version: 4, size: 10 });
    const next = applyQueueEvent(
      start,
      "update",
      JSON.stringify({
        version: 7,
        size: 11,
        order: ["d", 0, 2],
        upsert: [entry("d", 30, { presentNow: true, grade: "A" })],
        remove: ["b"],
      }),
    );
    expect(next?.entries.map((e) => e.leadId)).toEqual(["d", "a", "c"]);
    expect(next?.entries[0]).toMatchObject({ presentNow: true, grade: "A" });
    expect(next).toMatchObject({ version: 7, size: 11 });
    const sizeOnly = applyQueueEvent(next, "update", JSON.stringify({ version: 8, size: 12 }));
    expect(sizeOnly?.entries.map((e) => e.leadId)).toEqual(["d", "a", "c"]);
    expect(sizeOnly?.size).toBe(12);
    const changed = applyQueueEvent(
      sizeOnly,
      "update",
      JSON.stringify({ version: 9, upsert: [entry("a", 95)] }),
    );
    expect(changed?.entries.map((e) => [e.leadId, e.score])).toEqual([
      ["d", 30],
      ["a", 95],
      ["c", 70],
    ]);
  });

  it("keeps the view on malformed events and waits for a snapshot before updates", () => {
    const start = applyQueueEvent(undefined, "snapshot", snapshot);
    expect(applyQueueEvent(start, "update", "{oops")).toBe(start);
    expect(applyQueueEvent(undefined, "update", JSON.stringify({ order: ["a"] }))).toBeUndefined();
    expect(
      applyQueueEvent(start, "update", JSON.stringify({ data: [entry("z")] }))?.entries,
    ).toEqual([entry("z")]);
  });
});
