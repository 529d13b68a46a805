import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { unauthorized } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import {
  changePasswordBodySchema,
  sessionSchema,
  signInBodySchema,
} from "../schemas/user-schemas.ts";
import { unwrap, writable } from "../service-problem.ts";
import {
  clearSessionCookie,
  csrfProblem,
  readSessionToken,
  writeSessionCookie,
} from "../session-cookie.ts";

const sessionJson = {
  description: "The signed-in user, the scopes of their role and when the session ends",
  content: { "application/json": { schema: sessionSchema } },
};
const cookieAuth = [{ sessionCookie: [] }];

const csrfGuard: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const problem = csrfProblem(c);
  if (problem !== null) return problem;
  await next();
  return undefined;
};

/** The socket's address; behind a trusted proxy, the address that proxy appended last. */
function clientIp(c: Context<HttpEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded !== undefined && forwarded !== "") return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/** Dashboard sign-in: a session cookie that authorises like a key with the role's scopes. */
export function registerSessionRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;

  const signIn = createRoute({
    method: "post",
    path: "/v1/session",
    tags: ["session"],
    summary: "Sign in with email and password; sets the session cookie",
    middleware: [csrfGuard, readBody()],
    request: {
      body: { required: true, content: { "application/json": { schema: signInBodySchema } } },
    },
    responses: { 200: sessionJson, ...problemResponses(400, 401, 403, 429) },
  });
  app.openapi(signIn, async (c) => {
    const { email, password } = c.req.valid("json");
    const result = await services.sessions.signIn({
      email,
      password,
      clientIp: clientIp(c, deps.trustProxy),
      previousToken: readSessionToken(c),
    });
    const { token, session } = unwrap(c, result);
    const maxAgeSeconds = (session.expiresAt - deps.now()) / 1000;
    writeSessionCookie(c, token, maxAgeSeconds, deps.cookieSecurity);
    c.header("cache-control", "no-store");
    return c.json(session, 200);
  });

  const whoAmI = createRoute({
    method: "get",
    path: "/v1/session",
    tags: ["session"],
    summary: "Who is signed in: user, role, scopes and expiry",
    security: cookieAuth,
    responses: { 200: sessionJson, ...problemResponses(401) },
  });
  app.openapi(whoAmI, async (c) => {
    const token = readSessionToken(c);
    const found = token === null ? null : await services.sessions.authenticate(token);
    if (found === null) {
      if (token !== null) clearSessionCookie(c);
      throw new HTTPException(401, { res: unauthorized(c, "Not signed in.") });
    }
    c.header("cache-control", "no-store");
    return c.json(writable(found.session), 200);
  });

  const signOut = createRoute({
    method: "delete",
    path: "/v1/session",
    tags: ["session"],
    summary: "Sign out: ends the session and clears the cookie",
    security: cookieAuth,
    responses: {
      204: { description: "Signed out (also when no session was open)" },
      ...problemResponses(403),
    },
  });
  app.openapi(signOut, async (c) => {
    const token = readSessionToken(c);
    if (token !== null) {
      const problem = csrfProblem(c);
      if (problem !== null) throw new HTTPException(403, { res: problem });
      await services.sessions.signOut(token);
      clearSessionCookie(c);
    }
    return c.body(null, 204);
  });

  const changePassword = createRoute({
    method: "post",
    path: "/v1/session/password",
    tags: ["session"],
    summary: "Change your own password; your other sessions end, this one is renewed",
    security: cookieAuth,
    middleware: [csrfGuard, readBody()],
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: changePasswordBodySchema } },
      },
    },
    responses: { 200: sessionJson, ...problemResponses(400, 401, 403, 422, 429) },
  });
  app.openapi(changePassword, async (c) => {
    const token = readSessionToken(c);
    if (token === null) {
      throw new HTTPException(401, { res: unauthorized(c, "Not signed in.") });
    }
    const { currentPassword, newPassword } = c.req.valid("json");
    const result = await services.sessions.changePassword({
      token,
      currentPassword,
      newPassword,
      clientIp: clientIp(c, deps.trustProxy),
    });
    const { token: renewed, session } = unwrap(c, result);
    writeSessionCookie(c, renewed, (session.expiresAt - deps.now()) / 1000, deps.cookieSecurity);
    c.header("cache-control", "no-store");
    return c.json(session, 200);
  });
}
