import type { Context, MiddlewareHandler } from "hono";
import type { AppServices, AuthContext, Scope } from "../use-cases/app-services.ts";
import { allowOrigin } from "./collect-cors.ts";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";
import { csrfProblem, readSessionToken } from "./session-cookie.ts";

export type { AuthContext };

export function unauthorized(c: Context<HttpEnv>, detail: string): Response {
  return problemResponse(c, {
    status: 401,
    type: "unauthorized",
    title: "Authentication required",
    detail,
    headers: { "www-authenticate": 'Bearer realm="leadscore"' },
  });
}

function forbidden(c: Context<HttpEnv>, detail: string): Response {
  return problemResponse(c, { status: 403, type: "forbidden", title: "Not allowed", detail });
}

export function hasScope(auth: AuthContext, scope: Scope): boolean {
  return auth.scopes.includes("admin") || auth.scopes.includes(scope);
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** `Basic base64(pk_…:)`: the key is the user name, the password is empty. */
function basicUser(header: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const user = decoded.split(":")[0] ?? "";
  return user === "" ? null : user;
}

/**
 * A secret key, or a dashboard session cookie when no Authorization header is sent, with the scope
 * the route needs (`admin` grants every scope; a session has its role's scopes). Cookie-authenticated
 * writes must also pass the CSRF check.
 */
export function requireScope(services: AppServices, scope: Scope): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header === undefined) {
      const token = readSessionToken(c);
      if (token === null) {
        return unauthorized(c, "Send a secret key as `Authorization: Bearer sk_…`, or sign in.");
      }
      const found = await services.sessions.authenticate(token);
      if (found === null) return unauthorized(c, "Your session has ended; sign in again.");
      const csrf = csrfProblem(c);
      if (csrf !== null) return csrf;
      if (!hasScope(found.auth, scope)) {
        return forbidden(c, `The role ${found.auth.role ?? ""} lacks the scope ${scope}.`);
      }
      c.set("auth", found.auth);
      await next();
      return undefined;
    }
    if (basicUser(header)?.startsWith("pk_") === true) {
      return forbidden(c, "Publishable keys may only call the collect endpoints.");
    }
    const token = bearerToken(header);
    if (token === null)
      return unauthorized(c, "Send a secret key as `Authorization: Bearer sk_…`.");
    if (token.startsWith("pk_")) {
      return forbidden(c, "Publishable keys may only call the collect endpoints.");
    }
    const auth = await services.keys.authenticate(token);
    if (auth === null) return unauthorized(c, "The key is unknown or revoked.");
    if (auth.kind !== "secret") {
      return forbidden(c, "Publishable keys may only call the collect endpoints.");
    }
    if (!hasScope(auth, scope)) return forbidden(c, `This key lacks the scope ${scope}.`);
    c.set("auth", auth);
    await next();
    return undefined;
  };
}

/** Routes written before sessions existed call it by this name; it accepts sessions too. */
export const requireSecretKey = requireScope;

/** The exact origin is listed, or the key allows any origin with `*`. */
export function originAllowed(auth: AuthContext, origin: string): boolean {
  return auth.allowedOrigins.includes("*") || auth.allowedOrigins.includes(origin);
}

/**
 * Collect routes: a publishable key (body `writeKey` or Basic) or a secret key with `leads:write`.
 * Runs after `readBody`, since the writeKey travels in the body.
 */
export function requireCollectKey(services: AppServices): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const body = c.get("body");
    const writeKey =
      typeof body === "object" && body !== null && "writeKey" in body ? body.writeKey : undefined;
    const raw =
      bearerToken(header) ?? basicUser(header) ?? (typeof writeKey === "string" ? writeKey : null);
    if (raw === null) {
      return unauthorized(
        c,
        "Send a publishable key as `writeKey` or Basic auth, or a secret key.",
      );
    }
    const auth = await services.keys.authenticate(raw);
    if (auth === null) return unauthorized(c, "The key is unknown or revoked.");
    if (auth.kind === "secret" && !hasScope(auth, "leads:write")) {
      return forbidden(c, "This key lacks the scope leads:write.");
    }
    const origin = c.req.header("origin");
    if (auth.kind === "publishable" && origin !== undefined && !originAllowed(auth, origin)) {
      return forbidden(c, `Origin ${origin} is not allowed for this key.`);
    }
    if (auth.kind === "publishable" && origin !== undefined) allowOrigin(c, origin);
    c.set("auth", auth);
    await next();
    return undefined;
  };
}

/**
 * Live streams: everything `requireSecretKey` accepts, or a short-lived `?token=` from
 * `POST /v1/stream-tokens`, since EventSource cannot send an Authorization header.
 */
export function requireStreamAuth(services: AppServices, scope: Scope): MiddlewareHandler<HttpEnv> {
  const secret = requireSecretKey(services, scope);
  return async (c, next) => {
    const token = c.req.query("token");
    if (token === undefined) return secret(c, next);
    const auth = await services.streamTokens.verify(token);
    if (auth === null) return unauthorized(c, "The stream token is invalid or expired.");
    if (!hasScope(auth, scope)) return forbidden(c, `This token lacks the scope ${scope}.`);
    c.set("auth", auth);
    await next();
    return undefined;
  };
}
