import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";

export interface RateLimitOptions {
  /** Sustained requests per second per publishable key. */
  readonly requestsPerSecond: number;
  /** Requests allowed in a burst above the sustained rate. */
  readonly burst: number;
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  refilledAtMs: number;
}

const MAX_TRACKED_KEYS = 10_000;

/** Token bucket per publishable key (in process; a multi-process deployment needs a shared store). */
export function rateLimitPublishableKeys(options: RateLimitOptions): MiddlewareHandler<HttpEnv> {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    const auth = c.get("auth");
    if (auth.kind !== "publishable") {
      await next();
      return undefined;
    }
    const nowMs = now();
    const bucket = buckets.get(auth.keyId) ?? { tokens: options.burst, refilledAtMs: nowMs };
    const refill = ((nowMs - bucket.refilledAtMs) / 1000) * options.requestsPerSecond;
    bucket.tokens = Math.min(options.burst, bucket.tokens + refill);
    bucket.refilledAtMs = nowMs;
    if (!buckets.has(auth.keyId) && buckets.size >= MAX_TRACKED_KEYS) buckets.clear();
    buckets.set(auth.keyId, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((1 - bucket.tokens) / options.requestsPerSecond),
      );
      return problemResponse(c, {
        status: 429,
        type: "rate-limited",
        title: "Too many requests",
        detail: `This key is limited to ${options.requestsPerSecond} requests per second.`,
        headers: { "retry-after": String(retryAfterSeconds) },
      });
    }
    bucket.tokens -= 1;
    await next();
    return undefined;
  };
}
