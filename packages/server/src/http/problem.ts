import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { HttpEnv } from "./http-env.ts";

export interface ProblemError {
  readonly pointer: string;
  readonly detail: string;
}

export interface ProblemInit {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** A short slug; becomes `https://leadscore.dev/problems/<type>`. */
  readonly type: string;
  readonly errors?: readonly ProblemError[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra members allowed by RFC 9457 (e.g. per-item ingest results). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The problem+json text for `instance` (the request path), logged with its `id` so support can find the line. */
export function problemText(init: ProblemInit, instance: string, log: Logger): string {
  const id = randomUUID();
  const body = {
    type: `https://leadscore.dev/problems/${init.type}`,
    title: init.title,
    status: init.status,
    detail: init.detail,
    instance,
    id,
    errors: init.errors ?? [],
    ...init.extensions,
  };
  const entry = { errorId: id, status: init.status, problem: init.type, errors: init.errors };
  if (init.status >= 500) log.error(entry, init.detail);
  else log.info(entry, init.title);
  return JSON.stringify(body);
}

/** Answers RFC 9457 problem+json. */
export function problemResponse(c: Context<HttpEnv>, init: ProblemInit): Response {
  const text = problemText(init, c.req.path, c.get("log"));
  // c.body keeps headers set earlier in the chain (Vary, CORS, request id).
  return c.body(text, init.status as ContentfulStatusCode, {
    "content-type": PROBLEM_CONTENT_TYPE,
    ...init.headers,
  });
}
