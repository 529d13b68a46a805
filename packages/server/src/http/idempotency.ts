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
 * The records live in the store, so a retry that reaches another process is answered the same. A
 * response marked `Cache-Control: no-store` is never kept: it carries something shown once.
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
    // Server errors may succeed on retry, so they are not remembered; nor is anything marked no-store.
    const response =
      c.res.status >= 500 || isNoStore(c.res)
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

function isNoStore(response: Response): boolean {
  return /(?:^|,)\s*no-store\s*(?:,|$)/i.test(response.headers.get("cache-control") ?? "");
}

/** The OpenAPI description of routes guarded by `refuseIdempotencyKey`. */
export const SHOWN_ONCE_DESCRIPTION =
  "The answer carries a secret shown once and is never stored; a request with an `Idempotency-Key` is refused (400, `idempotency-key-not-supported`) rather than kept for replay.";

/**
 * For routes whose answer carries a one-time secret (a generated password, a new key): keeping it
 * for replay would write the secret into the idempotency records for a day, and ignoring the header
 * would let a client believe its retry is safe. So a request with an `Idempotency-Key` is refused
 * before it runs.
 */
export const refuseIdempotencyKey: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (c.req.header("idempotency-key") === undefined) {
    await next();
    return undefined;
  }
  return problemResponse(c, {
    status: 400,
    type: "idempotency-key-not-supported",
    title: "Idempotency-Key not supported here",
    detail:
      "The answer carries a secret shown once, which is never kept for replay. Send the request without an Idempotency-Key; if an answer is lost, list what exists, then revoke the key or reset the password you never saw.",
    errors: [{ pointer: "", detail: "header Idempotency-Key" }],
  });
};
