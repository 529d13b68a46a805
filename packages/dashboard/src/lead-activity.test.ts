import { describe, expect, it } from "vitest";
import type { LeadEvent } from "./api/api-types.ts";
import { activityOf } from "./lead-activity.ts";

const event = (
  type: string,
  name: string,
  properties: Record<string, unknown> = {},
): LeadEvent => ({
  messageId: "m1",
  type,
  event: name,
  timestamp: 0,
  properties,
});

describe("activityOf", () => {
  it.each([
    [
      event("page", "page.viewed", { path: "/pricing", url: "https://x.example/a" }),
      { kind: "page", page: "/pricing" },
    ],
    [
      event("page", "page.viewed", { url: "https://x.example/plans?x=1" }),
      { kind: "page", page: "/plans" },
    ],
    [event("page", "page.viewed", { url: "not a url" }), { kind: "page", page: "not a url" }],
    [event("page", "page.viewed", { title: "Pricing" }), { kind: "page", page: "Pricing" }],
    [event("page", "page.viewed"), { kind: "page", page: "/" }],
    [
      event("track", "call.interested", { outcome: "interested" }),
      { kind: "call", outcome: "interested" },
    ],
    [event("track", "call.custom"), { kind: "event", name: "call.custom" }],
    [event("identify", "identify"), { kind: "identify" }],
    [event("track", "demo.requested", { plan: "team" }), { kind: "event", name: "demo.requested" }],
  ])("%j reads as %j", (input, expected) => {
    expect(activityOf(input)).toEqual(expected);
  });
});
