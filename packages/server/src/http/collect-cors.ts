import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.ts";

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for collect routes only. Preflights are answered for any origin (no key travels with them);
 * the real request echoes the origin only once the key has allowed it (see `requireCollectKey`).
 */
export const collectCors: MiddlewareHandler<HttpEnv> = async (c, next) => {
  c.header("vary", "Origin");
  const origin = c.req.header("origin");
  if (c.req.method === "OPTIONS") {
    if (origin !== undefined) c.header("access-control-allow-origin", origin);
    c.header("access-control-allow-methods", "POST, OPTIONS");
    c.header("access-control-allow-headers", "content-type, authorization");
    c.header("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS));
    return c.body(null, 204);
  }
  await next();
  return undefined;
};

/** Called once the key is known to allow `origin`. */
export function allowOrigin(c: Parameters<MiddlewareHandler<HttpEnv>>[0], origin: string): void {
  c.header("access-control-allow-origin", origin);
}
