import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type {
  AppServices,
  IdempotencyService,
  IdempotentResponse,
} from "../use-cases/app-services.ts";
import type { HttpEnv } from "./http-env.ts";
import { idempotency } from "./idempotency.ts";

/** Idempotency records in a map, as the store keeps them: what was kept is what a retry replays. */
function recordsInMemory() {
  const kept = new Map<string, { fingerprint: string; response: IdempotentResponse | null }>();
  const service: IdempotencyService = {
    async begin(slot, fingerprint) {
      const held = kept.get(slot);
      if (held === undefined) {
        kept.set(slot, { fingerprint, response: null });
        return { kind: "run" };
      }
      if (held.fingerprint !== fingerprint) return { kind: "mismatch" };
      return held.response === null
        ? { kind: "in-flight" }
        : { kind: "replay", response: held.response };
    },
    async finish(slot, response) {
      if (response === null) kept.delete(slot);
      else kept.set(slot, { fingerprint: kept.get(slot)?.fingerprint ?? "", response });
    },
  };
  return { service, kept };
}

/** A route behind the middleware that counts its runs and answers with the headers asked for. */
function appWith(headers: Record<string, string>) {
  let runs = 0;
  const records = recordsInMemory();
  const app = new Hono<HttpEnv>();
  app.use(async (c, next) => {
    c.set("log", pino({ level: "silent" }));
    c.set("auth", { kind: "secret", keyId: "key_1", scopes: ["admin"], allowedOrigins: [] });
    c.set("bodyText", await c.req.text());
    await next();
  });
  const services = { idempotency: records.service } as unknown as AppServices;
  app.post("/x", idempotency({ services, ttlMs: 60_000 }), (c) => {
    runs++;
    return c.json({ secret: `s${runs}` }, 201, headers);
  });
  const post = () =>
    app.request("/x", { method: "POST", body: "{}", headers: { "idempotency-key": "k1" } });
  return { post, runs: () => runs, kept: records.kept };
}

describe("idempotency", () => {
  it("replays a kept answer", async () => {
    const t = appWith({});
    await t.post();
    const retry = await t.post();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual({ secret: "s1" });
    expect(t.runs()).toBe(1);
  });

  it("never keeps an answer marked no-store", async () => {
    const t = appWith({ "cache-control": "private, no-store" });
    await t.post();
    expect(t.kept.size).toBe(0);
    const retry = await t.post();
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(await retry.json()).toEqual({ secret: "s2" });
  });
});
