import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { type NodeListener, withBatchFastPath } from "./batch-fast-path.ts";
import { createHttpLogger } from "./http-logger.ts";
import { createTestApp } from "./testing/create-test-app.ts";
import { TEST_KEYS } from "./testing/fake-app-services.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function listen(listener: NodeListener): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer(listener);
    servers.push(server);
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

const batch = (n = 2) =>
  JSON.stringify({
    batch: Array.from({ length: n }, (_, i) => ({
      type: "track",
      event: "demo.requested",
      userId: "u1",
      messageId: `m${i}`,
    })),
  });

/** The fast path over the fake services, with a fallback that records what it was handed. */
async function fastPathOnly() {
  const { http, fake } = createTestApp();
  const handedOn: { url: string | undefined; rawBody: unknown }[] = [];
  const hono = getRequestListener(http.fetch);
  const listener = withBatchFastPath(
    {
      services: fake.services,
      metrics: http.metrics,
      now: () => 1,
      log: createHttpLogger({ level: "silent" }),
    },
    (req, res) => {
      handedOn.push({
        url: req.url,
        rawBody: (req as IncomingMessage & { rawBody?: unknown }).rawBody,
      });
      void hono(req, res);
    },
  );
  return { origin: await listen(listener), handedOn, fake };
}

const secret = { "content-type": "application/json", authorization: `Bearer ${TEST_KEYS.admin}` };

describe("the batch fast path", () => {
  it("answers a secret-key batch itself, exactly as the Hono route does", async () => {
    const { http } = createTestApp();
    const viaHono = await listen(getRequestListener(http.fetch));
    const fast = await fastPathOnly();
    const send = (origin: string) =>
      fetch(`${origin}/v1/batch`, {
        method: "POST",
        headers: { ...secret, "x-request-id": "req-1", "user-agent": "test" },
        body: batch(3),
      });
    const [a, b] = [await send(viaHono), await send(fast.origin)];
    expect(fast.handedOn).toEqual([]);
    expect(b.status).toBe(a.status);
    expect(await b.json()).toEqual(await a.json());
    const headers = (r: Response) =>
      [...r.headers].filter(([name]) => !["date", "keep-alive", "connection"].includes(name));
    expect(headers(b)).toEqual(headers(a));
    expect(fast.fake.calls[0]?.input).toMatchObject({
      receivedAt: 1,
      requestContext: { userAgent: "test", ip: "127.0.0.1" },
      auth: { keyId: "key_admin" },
    });
  });

  it.each([
    ["a publishable key", { authorization: `Bearer ${TEST_KEYS.publishable}` }, batch()],
    ["a reader's secret key", { authorization: `Bearer ${TEST_KEYS.reader}` }, batch()],
    ["an Origin header", { ...secret, origin: "https://shop.example" }, batch()],
    ["another media type", { ...secret, "content-type": "application/xml" }, "<batch/>"],
  ])("hands %s to the app before reading the body", async (_name, headers, body) => {
    const fast = await fastPathOnly();
    await fetch(`${fast.origin}/v1/batch`, { method: "POST", headers, body });
    expect(fast.handedOn).toEqual([{ url: "/v1/batch", rawBody: undefined }]);
  });

  it.each([
    ["malformed JSON", '{"batch": [', 400],
    ["an empty batch", '{"batch": []}', 400],
    ["a forbidden key", '{"batch":[{"userId":"u","__proto__":{}}]}', 400],
  ])(
    "hands %s to the app with the body it read, and the app refuses it",
    async (_n, body, status) => {
      const fast = await fastPathOnly();
      const response = await fetch(`${fast.origin}/v1/batch`, {
        method: "POST",
        headers: secret,
        body,
      });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(fast.handedOn).toEqual([{ url: "/v1/batch", rawBody: Buffer.from(body) }]);
      expect(fast.fake.calls).toEqual([]);
    },
  );

  it("answers problem+json itself when every item is rejected", async () => {
    const fast = await fastPathOnly();
    const response = await fetch(`${fast.origin}/v1/batch`, {
      method: "POST",
      headers: secret,
      body: JSON.stringify({ batch: [{ type: "track", messageId: "m1" }] }),
    });
    expect(fast.handedOn).toEqual([]);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { type: string; instance: string };
    expect(problem).toMatchObject({
      type: "https://leadscore.dev/problems/all-items-rejected",
      instance: "/v1/batch",
    });
  });
});
