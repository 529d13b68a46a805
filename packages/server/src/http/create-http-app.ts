import { getRequestListener } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { Logger } from "pino";
import type { AppServices } from "../use-cases/app-services.ts";
import { type NodeListener, withBatchFastPath } from "./batch-fast-path.ts";
import type { HttpEnv } from "./http-env.ts";
import { REDACTED_LOG_PATHS } from "./http-logger.ts";
import { HttpMetrics } from "./http-metrics.ts";
import { idempotency } from "./idempotency.ts";
import { problemResponse } from "./problem.ts";
import { type RateLimitOptions, rateLimitPublishableKeys } from "./rate-limit.ts";
import type { RouteDeps } from "./route-deps.ts";
import { registerCollectRoutes } from "./routes/collect-routes.ts";
import { registerKeyRoutes } from "./routes/key-routes.ts";
import { registerLeadRoutes } from "./routes/lead-routes.ts";
import { registerModelRoutes } from "./routes/model-routes.ts";
import { registerOpsRoutes } from "./routes/ops-routes.ts";
import { registerQueueRoutes } from "./routes/queue-routes.ts";
import { registerReportRoutes } from "./routes/report-routes.ts";
import { registerSessionRoutes } from "./routes/session-routes.ts";
import { registerStreamRoutes } from "./routes/stream-routes.ts";
import { registerUserRoutes } from "./routes/user-routes.ts";
import type { CookieSecurity } from "./session-cookie.ts";
import { registerStaticRoutes, type StaticAssets } from "./static-routes.ts";
import { unexpectedErrorProblem } from "./unexpected-error.ts";

export interface HttpAppOptions {
  readonly logger: Logger;
  /** Clock for `receivedAt`, rate limits and idempotency expiry; defaults to Date.now. */
  readonly now?: () => number;
  /** Per publishable key; default 200 requests/s with bursts of 400. */
  readonly rateLimit?: Omit<RateLimitOptions, "now">;
  /** How long a response is kept for an Idempotency-Key replay; default 24 h. */
  readonly idempotencyTtlMs?: number;
  /** The dashboard and the tracking snippet; API-only when absent. */
  readonly staticAssets?: StaticAssets;
  /** When the session cookie is `Secure`; default `auto` (when the request came over https). */
  readonly cookieSecurity?: CookieSecurity;
  /** Behind one reverse proxy: the client address is the last X-Forwarded-For entry. Default false. */
  readonly trustProxy?: boolean;
  /** Comment lines on live streams this often (default 15 s), so proxies keep them open. */
  readonly sseHeartbeatMs?: number;
}

export interface HttpApp {
  readonly app: OpenAPIHono<HttpEnv>;
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** For node:http servers: the app, with the batch fast path in front of it. */
  readonly nodeListener: NodeListener;
  readonly metrics: HttpMetrics;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const OPENAPI_INFO = { title: "leadscore API", version: "1.0.0" };

/** The Hono app over the use cases: every cross-cutting HTTP concern lives here, no business logic. */
export function createHttpApp(services: AppServices, options: HttpAppOptions): HttpApp {
  const now = options.now ?? Date.now;
  const metrics = new HttpMetrics();
  const app = new OpenAPIHono<HttpEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      return problemResponse(c, {
        status: 400,
        type: "invalid-request",
        title: "Invalid request",
        detail: `The request ${result.target} does not match the schema.`,
        errors: result.error.issues.map((issue) => ({
          pointer: `/${issue.path.map(String).join("/")}`,
          detail: result.target === "json" ? issue.message : `${result.target}: ${issue.message}`,
        })),
      });
    },
  });

  app.use("*", requestId({ headerName: "x-request-id" }));
  // Redaction compiles once here; per-request children inherit it.
  const baseLog = options.logger.child(
    {},
    { redact: { paths: REDACTED_LOG_PATHS, censor: "[redacted]" } },
  );
  app.use("*", async (c, next) => {
    const log = baseLog.child({ reqId: c.get("requestId") });
    c.set("log", log);
    const startedAt = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
      },
      "request",
    );
  });
  app.use("*", metrics.middleware);

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.res?.headers.get("content-type")?.includes("problem+json") === true) {
        return error.res;
      }
      return problemResponse(c, {
        status: error.status,
        type: "http-error",
        title: error.message || "Request failed",
        detail: error.message || "Request failed",
      });
    }
    c.get("log").error({ err: error }, "unhandled error");
    return problemResponse(c, unexpectedErrorProblem(error));
  });
  app.notFound((c) =>
    problemResponse(c, {
      status: 404,
      type: "not-found",
      title: "Not found",
      detail: `No route for ${c.req.method} ${c.req.path}.`,
    }),
  );

  const deps: RouteDeps = {
    services,
    metrics,
    now,
    cookieSecurity: options.cookieSecurity ?? "auto",
    trustProxy: options.trustProxy ?? false,
    rateLimit: rateLimitPublishableKeys({
      ...(options.rateLimit ?? { requestsPerSecond: 200, burst: 400 }),
      now,
    }),
    idempotency: idempotency({ services, ttlMs: options.idempotencyTtlMs ?? DAY_MS, now }),
  };
  registerOpsRoutes(app, deps);
  registerCollectRoutes(app, deps);
  registerLeadRoutes(app, deps);
  registerModelRoutes(app, deps);
  registerKeyRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerStreamRoutes(app, deps, options.sseHeartbeatMs ?? 15_000);
  registerQueueRoutes(app, deps);
  registerReportRoutes(app, deps);
  if (options.staticAssets !== undefined) registerStaticRoutes(app, options.staticAssets);

  app.openAPIRegistry.registerComponent("securitySchemes", "secretKey", {
    type: "http",
    scheme: "bearer",
    description: "Secret key `sk_…` with scopes.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "publishableKey", {
    type: "http",
    scheme: "basic",
    description: "Publishable key `pk_…` as the user name (or `writeKey` in the body).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "leadscore_session",
    description:
      "Dashboard session from `POST /v1/session` (`__Host-` prefixed over https); writes also need `x-leadscore-csrf: 1`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "streamToken", {
    type: "apiKey",
    in: "query",
    name: "token",
    description: "A short-lived stream token from POST /v1/stream-tokens (EventSource).",
  });
  app.doc31("/openapi.json", { openapi: "3.1.0", info: OPENAPI_INFO });

  const nodeListener = withBatchFastPath(
    { services, metrics, now, log: baseLog },
    getRequestListener(app.fetch),
  );
  return { app, fetch: app.fetch, nodeListener, metrics };
}
