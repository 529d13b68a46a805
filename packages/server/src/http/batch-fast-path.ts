import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { AppServices } from "../use-cases/app-services.ts";
import { hasScope } from "./auth.ts";
import { collect } from "./collect-ingest.ts";
import type { HttpMetrics } from "./http-metrics.ts";
import { PROBLEM_CONTENT_TYPE, type ProblemInit, problemText } from "./problem.ts";
import { MAX_REQUEST_BYTES } from "./read-body.ts";
import { parseJsonSafely } from "./safe-json.ts";
import { unexpectedErrorProblem } from "./unexpected-error.ts";

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface BatchFastPathDeps {
  readonly services: AppServices;
  readonly metrics: HttpMetrics;
  readonly now: () => number;
  /** The redacting base logger; each request logs through a child with its `reqId`. */
  readonly log: Logger;
}

const ROUTE = "/v1/batch";
const BEARER = /^Bearer\s+(sk_\S+)$/i;

function mediaTypeOf(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The same rule as Hono's requestId middleware: a sent id is kept when short and plain. */
function requestIdOf(header: string | string[] | undefined): string {
  const sent = typeof header === "string" ? header : undefined;
  return sent === undefined || sent.length === 0 || sent.length > 255 || /[^\w\-=]/.test(sent)
    ? randomUUID()
    : sent;
}

/** A server-side batch with a secret key and a declared size: the only shape the fast path takes. */
function bearerToken(req: IncomingMessage): string | null {
  if (req.method !== "POST" || req.url !== ROUTE) return null;
  const headers = req.headers;
  const media = mediaTypeOf(headers["content-type"]);
  if (media !== "" && media !== "application/json" && media !== "text/plain") return null;
  const declared = headers["content-length"];
  if (declared === undefined || headers["transfer-encoding"] !== undefined) return null;
  if (Number(declared) > MAX_REQUEST_BYTES || headers.origin !== undefined) return null;
  return BEARER.exec(headers.authorization ?? "")?.[1] ?? null;
}

function isBatchEnvelope(value: unknown): value is { batch: unknown[]; sentAt?: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const body = value as Record<string, unknown>;
  return (
    Array.isArray(body.batch) &&
    body.batch.length > 0 &&
    (body.sentAt === undefined || typeof body.sentAt === "string") &&
    (body.writeKey === undefined || typeof body.writeKey === "string")
  );
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

/**
 * `POST /v1/batch` from a server with a secret key, straight on node:http: the hot ingest path skips
 * the web Request/Response objects and middleware chain, which cost more per request than parsing
 * the batch. Anything out of the ordinary (another key kind, an Origin, a body that fails to parse
 * or an envelope that does not validate) goes to the Hono app with the body already read, so every
 * refusal is the route's own problem+json; the happy path answers what the route answers.
 */
export function withBatchFastPath(deps: BatchFastPathDeps, fallback: NodeListener): NodeListener {
  return (req, res) => {
    const token = bearerToken(req);
    if (token === null) {
      fallback(req, res);
      return;
    }
    handle(deps, fallback, req, res, token).catch((error: unknown) => {
      deps.log.error({ err: error }, "batch fast path failed");
      res.destroy();
    });
  };
}

async function handle(
  deps: BatchFastPathDeps,
  fallback: NodeListener,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const startedAt = process.hrtime.bigint();
  const auth = await deps.services.keys.authenticate(token);
  if (auth === null || auth.kind !== "secret" || !hasScope(auth, "leads:write")) {
    fallback(req, res);
    return;
  }
  const raw = await readAll(req);
  const bodyText = raw.toString("utf8");
  const parsed = parseJsonSafely(bodyText);
  if (!parsed.ok || !isBatchEnvelope(parsed.value)) {
    // node-server reads a `rawBody` instead of the consumed stream.
    Object.assign(req, { rawBody: raw });
    fallback(req, res);
    return;
  }
  const reqId = requestIdOf(req.headers["x-request-id"]);
  const log = deps.log.child({ reqId });
  let status = 200;
  let text: string;
  let problem: ProblemInit | null = null;
  try {
    const outcome = await collect(deps, {
      messages: parsed.value.batch,
      sentAt: parsed.value.sentAt,
      bodyText,
      itemPointerPrefix: "/batch",
      auth,
      userAgent: req.headers["user-agent"],
      ip: req.socket.remoteAddress,
    });
    if (outcome.ok) text = JSON.stringify(outcome.result);
    else problem = outcome.problem;
  } catch (error) {
    log.error({ err: error }, "unhandled error");
    problem = unexpectedErrorProblem(error);
  }
  if (problem !== null) {
    status = problem.status;
    text = problemText(problem, ROUTE, log);
  }
  res.writeHead(status, {
    ...problem?.headers,
    "content-type": problem === null ? "application/json" : PROBLEM_CONTENT_TYPE,
    "content-length": Buffer.byteLength(text!),
    vary: "Origin",
    "x-request-id": reqId,
  });
  res.end(text!);
  deps.metrics.observe("POST", ROUTE, status, startedAt, problem !== null);
  log.info(
    {
      method: "POST",
      route: ROUTE,
      status,
      durationMs: Math.round(Number(process.hrtime.bigint() - startedAt) / 10_000) / 100,
    },
    "request",
  );
}
