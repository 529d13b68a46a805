import type { MiddlewareHandler } from "hono";
import type { AppServices } from "../use-cases/app-services.ts";
import type { HttpEnv } from "./http-env.ts";
import type { HttpMetrics } from "./http-metrics.ts";
import type { CookieSecurity } from "./session-cookie.ts";

/** What route modules receive from `createHttpApp`. */
export interface RouteDeps {
  readonly services: AppServices;
  readonly metrics: HttpMetrics;
  readonly rateLimit: MiddlewareHandler<HttpEnv>;
  readonly idempotency: MiddlewareHandler<HttpEnv>;
  readonly now: () => number;
  readonly cookieSecurity: CookieSecurity;
  readonly trustProxy: boolean;
}
