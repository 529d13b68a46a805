import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { HttpEnv } from "./http-env.ts";
import { idempotency } from "./idempotency.ts";

/** A route behind the middleware that counts its runs and answers with the headers asked for. */
function appWith(headers: Record<string, string>) {
  let runs = 0;
  const app = new Hono<HttpEnv>();
  app.use(async (c, next) => {
    c.set("log", pino({ level: "silent" }));
    c.set("auth", { kind: "secret", keyId: "key_1", scopes: ["admin"], allowedOrigins: [] });
    c.set("bodyText", await c.req.text());
    await next();
  });
  app.post("/x", idempotency({ ttlMs: 60_000, maxEntries: 10 }), (c) => {
    runs++;
    return c.json({ run: runs }, 201, headers);
  });
  const post = () =>
    app.request("/x", { method: "POST", body: "{}", headers: { "idempotency-key": "k1" } });
  return { post, runs: () => runs };
}

describe("idempotency", () => {
  it("replays a kept answer", async () => {
    const t = appWith({});
    await t.post();
    const retry = await t.post();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual({ run: 1 });
    expect(t.runs()).toBe(1);
  });

  it("never keeps an answer marked no-store", async () => {
    const t = appWith({ "cache-control": "private, no-store" });
    await t.post();
    const retry = await t.post();
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await retry.json()).toEqual({ run: 2 });
  });
});
