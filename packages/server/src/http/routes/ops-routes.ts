import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { HttpEnv } from "../http-env.ts";
import type { RouteDeps } from "../route-deps.ts";

const readySchema = z
  .object({
    ready: z.boolean(),
    store: z.boolean(),
    migrations: z.boolean(),
    draining: z.boolean(),
  })
  .openapi("Readiness");

export function registerOpsRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services, metrics } = deps;

  const livez = createRoute({
    method: "get",
    path: "/livez",
    tags: ["ops"],
    summary: "The process is up",
    responses: {
      200: {
        description: "Live",
        content: { "application/json": { schema: z.object({ live: z.literal(true) }) } },
      },
    },
  });
  app.openapi(livez, (c) => c.json({ live: services.health.live().live }, 200));

  const readyz = createRoute({
    method: "get",
    path: "/readyz",
    tags: ["ops"],
    summary: "Store reachable, migrations applied, not draining",
    responses: {
      200: { description: "Ready", content: { "application/json": { schema: readySchema } } },
      503: { description: "Not ready", content: { "application/json": { schema: readySchema } } },
    },
  });
  app.openapi(readyz, async (c) => {
    const report = await services.health.ready();
    return report.ready ? c.json(report, 200) : c.json(report, 503);
  });

  const metricsRoute = createRoute({
    method: "get",
    path: "/metrics",
    tags: ["ops"],
    summary: "Prometheus metrics",
    responses: {
      200: {
        description: "Prometheus text exposition",
        content: { "text/plain": { schema: z.string() } },
      },
    },
  });
  app.openapi(metricsRoute, async (c) => {
    const text = await metrics.render(services.metrics.snapshot());
    return c.text(text, 200, { "content-type": metrics.contentType });
  });
}
