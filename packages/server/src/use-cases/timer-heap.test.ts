import { seededRandom } from "@leadscore/core";
import { describe, expect, it } from "vitest";
import { TimerHeap } from "./timer-heap.ts";

describe("TimerHeap", () => {
  it("hands out ids in time order, each due once per earliest instant", () => {
    const heap = new TimerHeap();
    heap.schedule("a", 30);
    heap.schedule("b", 10);
    expect(heap.schedule("a", 50)).toBe(false);
    expect(heap.schedule("a", 20)).toBe(true);
    const due = new Set<string>();
    heap.popDue(15, due);
    expect([...due]).toEqual(["b"]);
    heap.popDue(25, due);
    expect([...due]).toEqual(["b", "a"]);
    expect(heap.schedule("a", 40)).toBe(true);
    expect(heap.peek()).toBe(30);
  });

  it("pops random instants in order", () => {
    const random = seededRandom(7);
    const heap = new TimerHeap();
    const times = Array.from({ length: 500 }, (_, i) => {
      const at = Math.floor(random() * 10_000);
      heap.schedule(`id${i}`, at);
      return at;
    });
    const popped: number[] = [];
    for (let now = 0; heap.size > 0; now += 97) {
      const due = new Set<string>();
      const before = heap.peek() ?? 0;
      heap.popDue(now, due);
      if (due.size > 0) popped.push(before);
    }
    expect(popped).toEqual([...popped].sort((a, b) => a - b));
    expect(times.length).toBe(500);
  });
});
