import { describe, expect, it } from "vitest";
import { messageToEvent } from "./message-to-event.ts";

const base = { messageId: "m1", timestamp: "2026-03-01T10:00:00.000Z" };
const T = Date.parse(base.timestamp);

describe("messageToEvent", () => {
  it("keeps a track call's event name and properties", () => {
    const result = messageToEvent({
      ...base,
      type: "track",
      anonymousId: "a1",
      event: "email.clicked",
      properties: { campaignId: "x" },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        kind: "track",
        anonymousId: "a1",
        event: {
          messageId: "m1",
          type: "email.clicked",
          timestamp: T,
          properties: { campaignId: "x" },
        },
      },
    });
  });

  it("counts a page call as page.viewed with url/path/title from context.page", () => {
    const result = messageToEvent({
      ...base,
      type: "page",
      userId: "u1",
      name: "Pricing",
      context: { page: { url: "https://a.io/pricing", path: "/pricing" } },
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        userId: "u1",
        event: {
          type: "page.viewed",
          identified: true,
          properties: { url: "https://a.io/pricing", path: "/pricing", title: "Pricing" },
        },
      },
    });
  });

  it("carries identify traits; an email identifies the lead", () => {
    const result = messageToEvent({
      ...base,
      type: "identify",
      anonymousId: "a1",
      traits: { email: "ada@acme.io", plan: "pro" },
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        email: "ada@acme.io",
        event: { type: "identify", identified: true, traits: { plan: "pro" } },
      },
    });
  });

  it("corrects the sender's clock: receivedAt − (sentAt − originalTimestamp)", () => {
    const result = messageToEvent(
      {
        type: "track",
        messageId: "m",
        userId: "u",
        event: "x",
        originalTimestamp: "2026-03-01T10:00:00Z",
        sentAt: "2026-03-01T10:00:05Z",
      },
      Date.parse("2026-03-01T09:00:05Z"),
    );
    expect(result).toMatchObject({
      ok: true,
      value: { event: { timestamp: Date.parse("2026-03-01T09:00:00Z") } },
    });
  });

  it("lists every problem of a bad message", () => {
    const result = messageToEvent({ type: "track", timestamp: "yesterday" });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.error.map((p) => p.path[0])).toEqual([
      "messageId",
      "userId",
      "timestamp",
      "event",
    ]);
  });
});
