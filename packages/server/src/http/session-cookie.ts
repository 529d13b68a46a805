import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";

/** `auto`: Secure when the request came over https (directly or per X-Forwarded-Proto). */
export type CookieSecurity = "auto" | "always" | "never";

export const SESSION_COOKIE = "leadscore_session";
/** Cookie-authenticated writes must carry it (ADR 0070): a page on another origin cannot add it. */
export const CSRF_HEADER = "x-leadscore-csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function isSecure(c: Context<HttpEnv>, security: CookieSecurity): boolean {
  if (security !== "auto") return security === "always";
  if (c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return new URL(c.req.url).protocol === "https:";
}

/** The `__Host-` name when served over https (bound to this host, path /, Secure), else the plain one. */
export function readSessionToken(c: Context<HttpEnv>): string | null {
  return getCookie(c, SESSION_COOKIE, "host") ?? getCookie(c, SESSION_COOKIE) ?? null;
}

export function writeSessionCookie(
  c: Context<HttpEnv>,
  token: string,
  maxAgeSeconds: number,
  security: CookieSecurity,
): void {
  const secure = isSecure(c, security);
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
    ...(secure ? { secure: true, prefix: "host" as const } : {}),
  });
}

export function clearSessionCookie(c: Context<HttpEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
  if (getCookie(c, SESSION_COOKIE, "host") !== undefined) {
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
  }
}

/** A problem response when a state-changing request could have been forged by another site. */
export function csrfProblem(c: Context<HttpEnv>): Response | null {
  if (SAFE_METHODS.has(c.req.method)) return null;
  const site = c.req.header("sec-fetch-site");
  const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
  if (c.req.header(CSRF_HEADER) === "1" && !crossSite) return null;
  return problemResponse(c, {
    status: 403,
    type: "csrf",
    title: "Cross-site request refused",
    detail: `Dashboard writes need the header ${CSRF_HEADER}: 1 and must come from this site.`,
    errors: [{ pointer: "", detail: `header ${CSRF_HEADER}` }],
  });
}
