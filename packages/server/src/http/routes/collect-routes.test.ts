import { describe, expect, it } from "vitest";
import {
  createTestApp as createAppOn,
  readProblem,
  type TestTransport,
} from "../testing/create-test-app.ts";
import { ALLOWED_ORIGIN, TEST_KEYS } from "../testing/fake-app-services.ts";

const track = (messageId: string, extra: Record<string, unknown> = {}) => ({
  type: "track",
  event: "demo.requested",
  userId: "u1",
  messageId,
  ...extra,
});

// Every case runs in process through Hono and over a real socket, where secret-key batches take the
// fast path: both must answer the same.
describe.each<TestTransport>(["in-process", "node"])("collect over %s", (transport) => {
  const createTestApp = (options: Parameters<typeof createAppOn>[0] = {}) =>
    createAppOn({ ...options, transport });

  describe("POST /v1/batch", () => {
    it("accepts a batch with a publishable writeKey and answers per item", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        key: null,
        body: { writeKey: TEST_KEYS.publishable, batch: [track("m1"), track("m2")] },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: 0,
        results: [
          { index: 0, messageId: "m1", status: "accepted" },
          { index: 1, messageId: "m2", status: "accepted" },
        ],
      });
      expect([...fake.stored.keys()]).toEqual(["m1", "m2"]);
    });

    it("passes receivedAt from the clock, sentAt and the user agent to ingest", async () => {
      const { call, fake, clock } = createTestApp();
      await call("POST", "/v1/batch", {
        headers: { "user-agent": "curl/8" },
        body: { sentAt: "2026-01-15T11:59:59Z", batch: [track("m1")] },
      });
      expect(fake.calls[0]?.input).toMatchObject({
        receivedAt: clock.nowMs,
        sentAt: "2026-01-15T11:59:59Z",
        requestContext: { userAgent: "curl/8" },
        auth: { keyId: "key_admin" },
      });
    });

    it("counts a duplicate messageId once", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        body: { batch: [track("m1"), track("m1")] },
      });
      expect(await response.json()).toMatchObject({ accepted: 1, duplicates: 1 });
      expect(fake.stored.size).toBe(1);
    });

    it("answers 200 with per-item results for a partial batch", async () => {
      const { call } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        body: { batch: [track("m1"), { type: "track", event: "x", messageId: "m2" }] },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: unknown[] };
      expect(body.results[1]).toEqual({
        index: 1,
        messageId: "m2",
        status: "rejected",
        error: { code: "invalid", detail: "anonymousId or userId is required", pointer: "/userId" },
      });
    });

    it("answers 400 problem+json naming each item when every item is rejected", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        body: {
          batch: [track("m1", { timestamp: "yesterday-ish" }), { type: "track", messageId: "m2" }],
        },
      });
      expect(response.status).toBe(400);
      const problem = await readProblem(response);
      expect(problem.errors).toEqual([
        { pointer: "/batch/0/timestamp", detail: "not a date" },
        { pointer: "/batch/1/userId", detail: "anonymousId or userId is required" },
      ]);
      expect(fake.stored.size).toBe(0);
    });

    it.each([
      ["malformed JSON", '{"batch": [', /^$/, "malformed-json"],
      [
        "a __proto__ key",
        '{"batch":[{"userId":"u","__proto__":{"admin":true}}]}',
        /^\/batch\/0\/__proto__$/,
        "forbidden-key",
      ],
      [
        "a constructor key",
        '{"batch":[{"userId":"u","properties":{"constructor":1}}]}',
        /^\/batch\/0\/properties\/constructor$/,
        "forbidden-key",
      ],
      [
        "deep nesting",
        `{"batch":[{"userId":"u","properties":${"[".repeat(40)}${"]".repeat(40)}}]}`,
        /^\/batch\/0\/properties(\/0)+$/,
        "too-deep",
      ],
    ])("rejects %s with problem+json and writes nothing", async (_name, raw, pointer, type) => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", { raw });
      expect(response.status).toBe(400);
      const problem = await readProblem(response);
      expect(problem.type).toBe(`https://leadscore.dev/problems/${type}`);
      expect(problem.errors[0]?.pointer).toMatch(pointer);
      expect(fake.calls).toEqual([]);
    });

    it.each([
      ["a missing batch", { sentAt: "now" }, "/batch"],
      ["a batch of the wrong type", { batch: "m1" }, "/batch"],
      ["an empty batch", { batch: [] }, "/batch"],
      ["a sentAt of the wrong type", { batch: [track("m1")], sentAt: 5 }, "/sentAt"],
    ])("rejects %s with the field's pointer", async (_name, body, pointer) => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", { body });
      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors.map((e) => e.pointer)).toContain(pointer);
      expect(fake.calls).toEqual([]);
    });

    it("answers 413 naming the oversize event and stores none of the batch", async () => {
      const { call, fake } = createTestApp();
      const big = track("m2", { properties: { blob: "x".repeat(33 * 1024) } });
      const response = await call("POST", "/v1/batch", { body: { batch: [track("m1"), big] } });
      expect(response.status).toBe(413);
      const problem = await readProblem(response);
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]?.pointer).toBe("/batch/1");
      expect(fake.calls).toEqual([]);
    });

    it("answers 413 for a request over 500 KB", async () => {
      const { call, fake } = createTestApp();
      const batch = Array.from({ length: 40 }, (_, i) =>
        track(`m${i}`, { properties: { blob: "x".repeat(14_000) } }),
      );
      const response = await call("POST", "/v1/batch", { body: { batch } });
      expect(response.status).toBe(413);
      expect((await readProblem(response)).type).toBe(
        "https://leadscore.dev/problems/request-too-large",
      );
      expect(fake.calls).toEqual([]);
    });

    it("accepts a text/plain body, as the browser snippet sends", async () => {
      const { call } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        key: null,
        headers: { "content-type": "text/plain;charset=UTF-8", origin: ALLOWED_ORIGIN },
        raw: JSON.stringify({ writeKey: TEST_KEYS.publishable, batch: [track("m1")] }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get("vary")).toContain("Origin");
    });

    it.each([
      [true, 503],
      [false, 500],
    ])(
      "answers a failing ingest (retriable: %s) with %i problem+json",
      async (retriable, status) => {
        const { fake } = createTestApp();
        const failing = Object.assign(new Error("disk trouble"), {
          code: "SQLITE_IOERR",
          retriable,
        });
        const services = { ...fake.services, ingest: { ingest: () => Promise.reject(failing) } };
        const { call } = createTestApp({ services });
        const response = await call("POST", "/v1/batch", { body: { batch: [track("m1")] } });
        expect(response.status).toBe(status);
        expect(response.headers.get("retry-after")).toBe(retriable ? "1" : null);
        expect((await readProblem(response)).detail).not.toContain("disk trouble");
      },
    );

    it("refuses other media types with 415", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        headers: { "content-type": "application/xml" },
        raw: "<batch/>",
      });
      expect(response.status).toBe(415);
      await readProblem(response);
      expect(fake.calls).toEqual([]);
    });
  });

  describe("collect auth and CORS", () => {
    const body = (writeKey?: string) => ({
      ...(writeKey ? { writeKey } : {}),
      batch: [track("m1")],
    });

    it("accepts a publishable key as Basic auth", async () => {
      const { call } = createTestApp();
      const basic = Buffer.from(`${TEST_KEYS.publishable}:`).toString("base64");
      const response = await call("POST", "/v1/batch", {
        key: null,
        headers: { authorization: `Basic ${basic}` },
        body: body(),
      });
      expect(response.status).toBe(200);
    });

    it.each([
      ["no key", null, undefined, 401],
      ["an unknown key", null, "pk_nope", 401],
      ["a secret key without leads:write", TEST_KEYS.reader, undefined, 403],
    ])("refuses %s", async (_name, key, writeKey, status) => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", { key, body: body(writeKey) });
      expect(response.status).toBe(status);
      await readProblem(response);
      expect(fake.calls).toEqual([]);
    });

    it("refuses an origin the publishable key does not allow, without echoing it", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        key: null,
        headers: { origin: "https://evil.example" },
        body: body(TEST_KEYS.publishable),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("vary")).toContain("Origin");
      expect(fake.calls).toEqual([]);
    });

    it("echoes any origin for a key that allows *", async () => {
      const { call } = createTestApp();
      const response = await call("POST", "/v1/batch", {
        key: null,
        headers: { origin: "https://anywhere.example" },
        body: body(TEST_KEYS.anyOrigin),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
    });

    it("answers a preflight on collect routes only", async () => {
      const { http } = createTestApp();
      const preflight = { method: "OPTIONS", headers: { origin: ALLOWED_ORIGIN } };
      const collect = await http.app.request("/v1/track", preflight);
      expect(collect.status).toBe(204);
      expect(collect.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      const leads = await http.app.request("/v1/leads", preflight);
      expect(leads.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("rate-limits a publishable key with 429 and Retry-After", async () => {
      const { call, clock } = createTestApp({ rateLimit: { requestsPerSecond: 1, burst: 2 } });
      const send = (id: string) =>
        call("POST", "/v1/batch", {
          key: null,
          body: { writeKey: TEST_KEYS.publishable, batch: [track(id)] },
        });
      expect((await send("a")).status).toBe(200);
      expect((await send("b")).status).toBe(200);
      const limited = await send("c");
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("1");
      await readProblem(limited);
      clock.nowMs += 1000;
      expect((await send("d")).status).toBe(200);
    });
  });

  describe("POST /v1/track|page|identify|alias|group", () => {
    it.each(["track", "page", "identify", "alias", "group"])(
      "ingests one %s call typed by its path",
      async (call_) => {
        const { call, fake } = createTestApp();
        const response = await call("POST", `/v1/${call_}`, {
          key: null,
          body: { writeKey: TEST_KEYS.publishable, userId: "u1", messageId: "m1", type: "track" },
        });
        expect(response.status).toBe(200);
        expect(fake.stored.get("m1")).toEqual({ userId: "u1", messageId: "m1", type: call_ });
      },
    );

    it("answers 413 for one oversize call", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/track", {
        body: { userId: "u1", event: "x", properties: { blob: "x".repeat(40_000) } },
      });
      expect(response.status).toBe(413);
      expect((await readProblem(response)).errors).toEqual([
        { pointer: "", detail: expect.stringMatching(/^item 0 is \d+ bytes$/) },
      ]);
      expect(fake.calls).toEqual([]);
    });

    it("accepts a publishable key as a Bearer token too", async () => {
      const { call } = createTestApp();
      const response = await call("POST", "/v1/page", {
        key: TEST_KEYS.publishable,
        body: { anonymousId: "a1" },
      });
      expect(response.status).toBe(200);
    });

    it("rejects a body that is not an object", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/track", { body: [1, 2] });
      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors[0]?.pointer).toBe("");
      expect(fake.calls).toEqual([]);
    });

    it("answers 400 with the item's pointer when the single call is rejected", async () => {
      const { call, fake } = createTestApp();
      const response = await call("POST", "/v1/identify", { body: { traits: { email: "a@b.c" } } });
      expect(response.status).toBe(400);
      expect((await readProblem(response)).errors).toEqual([
        { pointer: "/userId", detail: "anonymousId or userId is required" },
      ]);
      expect(fake.stored.size).toBe(0);
    });
  });
});
