import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";

export interface IdempotencyOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

interface StoredResponse {
  readonly fingerprint: string;
  readonly expiresAtMs: number;
  status: number | null;
  body: string;
  contentType: string;
}

const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on retryable writes: the first response is kept (per key id, method and path)
 * and replayed for a retry with the same body; a different body under the same key is refused.
 * Held in process memory, so a restart forgets keys (ADR 0010). A response marked
 * `Cache-Control: no-store` is never kept: it carries something shown once.
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<HttpEnv> {
  const now = options.now ?? Date.now;
  const responses = new Map<string, StoredResponse>();
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
    const nowMs = now();
    const slot = `${c.get("auth").keyId}\u0000${c.req.method}\u0000${c.req.path}\u0000${key}`;
    const text = c.get("bodyText");
    const fingerprint = createHash("sha256").update(text).digest("base64url");
    const stored = responses.get(slot);
    if (stored !== undefined && stored.expiresAtMs > nowMs) {
      if (stored.fingerprint !== fingerprint) {
        return problemResponse(c, {
          status: 422,
          type: "idempotency-key-reused",
          title: "Idempotency-Key reused",
          detail: "This Idempotency-Key was used with a different request body.",
        });
      }
      if (stored.status === null) {
        return problemResponse(c, {
          status: 409,
          type: "idempotency-key-in-flight",
          title: "Request in progress",
          detail: "A request with this Idempotency-Key is still being processed.",
        });
      }
      return new Response(stored.body, {
        status: stored.status,
        headers: { "content-type": stored.contentType, "idempotent-replayed": "true" },
      });
    }
    const entry: StoredResponse = {
      fingerprint,
      expiresAtMs: nowMs + options.ttlMs,
      status: null,
      body: "",
      contentType: "",
    };
    evictExpired(responses, nowMs, options.maxEntries);
    responses.set(slot, entry);
    await next();
    // Server errors may succeed on retry, so they are not remembered; nor is anything marked no-store.
    if (c.res.status >= 500 || isNoStore(c.res)) {
      responses.delete(slot);
      return undefined;
    }
    entry.body = await c.res.clone().text();
    entry.contentType = c.res.headers.get("content-type") ?? "application/json";
    entry.status = c.res.status;
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
 * for replay would hold the secret in memory for a day, and ignoring the header would let a client
 * believe its retry is safe. So a request with an `Idempotency-Key` is refused before it runs.
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

function evictExpired(map: Map<string, StoredResponse>, nowMs: number, maxEntries: number): void {
  for (const [slot, entry] of map) {
    if (map.size < maxEntries && entry.expiresAtMs > nowMs) return;
    map.delete(slot);
  }
}
