import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppServices } from "../use-cases/app-services.ts";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";

export interface IdempotencyOptions {
  readonly services: AppServices;
  readonly ttlMs: number;
  readonly now?: () => number;
}

const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on retryable writes: the first response is kept (per key id, method and path)
 * and replayed for a retry with the same body; a different body under the same key is refused.
 * The records live in the store, so a retry that reaches another process is answered the same.
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<HttpEnv> {
  const now = options.now ?? Date.now;
  const service = options.services.idempotency;
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) {
      await next();
      return undefined;
    }
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return problemResponse(c, {
        status: 400,
        type: "invalid-idempotency-key",
        title: "Invalid Idempotency-Key",
        detail: `An Idempotency-Key has 1 to ${MAX_KEY_LENGTH} characters.`,
        errors: [{ pointer: "", detail: "header Idempotency-Key" }],
      });
    }
    // Hashed: stores keep it as text (PostgreSQL text holds no NUL), and the key may be anything.
    const slot = createHash("sha256")
      .update(JSON.stringify([c.get("auth").keyId, c.req.method, c.req.path, key]))
      .digest("base64url");
    const fingerprint = createHash("sha256").update(c.get("bodyText")).digest("base64url");
    const held = await service.begin(slot, fingerprint, now());
    if (held.kind === "mismatch") {
      return problemResponse(c, {
        status: 422,
        type: "idempotency-key-reused",
        title: "Idempotency-Key reused",
        detail: "This Idempotency-Key was used with a different request body.",
      });
    }
    if (held.kind === "in-flight") {
      return problemResponse(c, {
        status: 409,
        type: "idempotency-key-in-flight",
        title: "Request in progress",
        detail: "A request with this Idempotency-Key is still being processed.",
      });
    }
    if (held.kind === "replay") {
      return new Response(held.response.body, {
        status: held.response.status,
        headers: { "content-type": held.response.contentType, "idempotent-replayed": "true" },
      });
    }
    try {
      await next();
    } catch (error) {
      await service.finish(slot, null, now(), options.ttlMs);
      throw error;
    }
    // Server errors may succeed on retry, so they are not remembered.
    const response =
      c.res.status >= 500
        ? null
        : {
            status: c.res.status,
            contentType: c.res.headers.get("content-type") ?? "application/json",
            body: await c.res.clone().text(),
          };
    await service.finish(slot, response, now(), options.ttlMs);
    return undefined;
  };
}
