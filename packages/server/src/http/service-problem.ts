import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ServiceError, ServiceResult } from "../use-cases/app-services.ts";
import { statusForCode } from "./error-status.ts";
import type { HttpEnv } from "./http-env.ts";
import { problemResponse } from "./problem.ts";

/** `T` with `readonly` removed at every depth, as response schemas infer mutable types. */
export type Writable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Writable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;

const TITLES: Readonly<Record<string, string>> = {
  not_found: "Not found",
  invalid: "Invalid request",
  conflict: "Conflict",
  forbidden: "Not allowed",
  suppressed: "Identifier suppressed",
  too_large: "Too large",
  unauthenticated: "Authentication required",
  rate_limited: "Too many requests",
  upstream_failed: "Delivery failed",
};

/** A use case's expected failure as problem+json; the status comes from `statusForCode`. */
export function serviceProblem(c: Context<HttpEnv>, error: ServiceError): Response {
  return problemResponse(c, {
    status: statusForCode(error.code),
    type: error.code.replaceAll("_", "-"),
    title: TITLES[error.code] ?? "Request failed",
    detail: error.detail,
    errors: error.errors ?? [],
    ...(error.retryAfterSeconds === undefined
      ? {}
      : { headers: { "retry-after": String(error.retryAfterSeconds) } }),
  });
}

/** A use case's readonly value as the mutable shape response schemas infer. */
export function writable<T>(value: T): Writable<T> {
  return value as Writable<T>;
}

/**
 * The value of a successful result; a failure leaves the handler as Hono's HTTPException carrying
 * the finished problem response, so typed handlers only spell out their success responses.
 */
export function unwrap<T>(c: Context<HttpEnv>, result: ServiceResult<T>): Writable<T> {
  // Readonly only restricts writers in TypeScript; the JSON on the wire is the same.
  if (result.ok) return writable(result.value);
  const res = serviceProblem(c, result.error);
  throw new HTTPException(res.status as 400, { res });
}
