import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSecretKey, requireStreamAuth } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import type { RouteDeps } from "../route-deps.ts";
import { idParamsSchema } from "../schemas/common-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import { streamQuerySchema, streamTokenSchema } from "../schemas/queue-schemas.ts";
import { serviceProblem } from "../service-problem.ts";
import { sseResponse } from "../sse.ts";

const DEFAULT_STREAM_LIMIT = 50;
const eventStream = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: z.string() } },
});
const streamSecurity: Record<string, string[]>[] = [{ secretKey: [] }, { streamToken: [] }];

export function registerStreamRoutes(
  app: OpenAPIHono<HttpEnv>,
  deps: RouteDeps,
  heartbeatMs: number,
): void {
  const { services } = deps;
  const canWatch = requireStreamAuth(services, "leads:read");

  const queueStream = createRoute({
    method: "get",
    path: "/v1/queues/{id}/stream",
    tags: ["queues"],
    summary: "Live queue (Server-Sent Events)",
    description:
      "Events `snapshot` ({queue, version, size, data: [QueueEntry]}) and `update` ({queue, version, size, order?, upsert?, remove?}: the new order, each lead the client holds given by its previous index and each new lead by its id; entries that are new or changed; ids that left). Event ids are `<epoch>-<version>`; reconnect with `Last-Event-ID` (header or `lastEventId`) to receive the updates missed, or a snapshot when too far behind. Comment lines are heartbeats.",
    security: streamSecurity,
    request: { params: idParamsSchema, query: streamQuerySchema },
    responses: { 200: eventStream("The stream"), ...problemResponses(400, 401, 403, 404) },
  });
  app.openAPIRegistry.registerPath(queueStream);
  app.get("/v1/queues/:id/stream", canWatch, (c) => {
    const query = streamQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      return serviceProblem(c, {
        code: "invalid",
        detail: "The query is invalid.",
        errors: query.error.issues.map((issue) => ({
          pointer: `/${issue.path.join("/")}`,
          detail: `query: ${issue.message}`,
        })),
      });
    }
    const lastEventId = c.req.header("last-event-id") ?? query.data.lastEventId;
    return sseResponse(c, heartbeatMs, (sink) =>
      services.queues.watch(
        c.req.param("id"),
        {
          limit: query.data.limit ?? DEFAULT_STREAM_LIMIT,
          ...(lastEventId === undefined ? {} : { lastEventId }),
        },
        sink,
      ),
    );
  });

  const leadStream = createRoute({
    method: "get",
    path: "/v1/leads/{id}/stream",
    tags: ["leads"],
    summary: "Live lead (Server-Sent Events)",
    description:
      "A `snapshot` event, then an `update` after each change: the lead summary with, per model, score, band, stage, grade and presentNow.",
    security: streamSecurity,
    request: { params: idParamsSchema, query: streamQuerySchema.pick({ token: true }) },
    responses: { 200: eventStream("The stream"), ...problemResponses(401, 403, 404) },
  });
  app.openAPIRegistry.registerPath(leadStream);
  app.get("/v1/leads/:id/stream", canWatch, (c) =>
    sseResponse(c, heartbeatMs, (sink) => services.queues.watchLead(c.req.param("id"), sink)),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/stream-tokens",
      tags: ["queues"],
      summary: "A short-lived token for EventSource (`?token=`), which cannot send headers",
      security: [{ secretKey: [] }],
      middleware: [requireSecretKey(services, "leads:read")],
      responses: {
        201: {
          description: "The token",
          content: { "application/json": { schema: streamTokenSchema } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await services.streamTokens.issue(c.get("auth")), 201),
  );
}
