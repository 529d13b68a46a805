import { describe, expect, it } from "vitest";
import { parseQueueEvent } from "./queue-stream.ts";

const entry = { leadId: "l1", score: 80, band: "hot" };

describe("parseQueueEvent", () => {
  it("reads a bare list and a { data } envelope alike", () => {
    expect(parseQueueEvent(JSON.stringify([entry]))).toEqual([entry]);
    expect(parseQueueEvent(JSON.stringify({ data: [entry] }))).toEqual([entry]);
  });

  it("drops malformed entries and ignores non-lists", () => {
    expect(parseQueueEvent(JSON.stringify([entry, { leadId: 3 }]))).toEqual([entry]);
    expect(parseQueueEvent("{not json")).toBeUndefined();
    expect(parseQueueEvent(JSON.stringify({ data: "x" }))).toBeUndefined();
  });
});
