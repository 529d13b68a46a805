import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ModelSource } from "../../use-cases/app-services.ts";
import { requireSecretKey } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { idParamsSchema } from "../schemas/common-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import {
  audienceBodySchema,
  audienceDeliverySchema,
  claimBodySchema,
  claimParamsSchema,
  claimSchema,
  outcomeBodySchema,
  outcomeReportSchema,
  queueDetailSchema,
  queueDocumentSchema,
  queueListSchema,
  queuePageSchema,
  queueReadQuerySchema,
} from "../schemas/queue-schemas.ts";
import { serviceProblem, unwrap } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const secret = [{ secretKey: [] }];
const csvContent = { "text/csv": { schema: z.string() } };

function queueSource(c: Context<HttpEnv>): ModelSource {
  const mediaType = c.req.header("content-type") ?? "";
  return /yaml/i.test(mediaType)
    ? { text: c.get("bodyText"), format: "yaml" }
    : { document: c.get("body") };
}

function csvResponse(c: Context<HttpEnv>, id: string, csv: string): Response {
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${id}.csv"`,
  });
}

export function registerQueueRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const queues = services.queues;
  const canRead = requireSecretKey(services, "leads:read");
  const canCall = requireSecretKey(services, "leads:write");
  const canDefine = requireSecretKey(services, "models:write");

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/queues",
      tags: ["queues"],
      summary: "List call queues",
      security: secret,
      middleware: [canRead],
      responses: { 200: json(queueListSchema, "Queues"), ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ data: [...(await queues.list())], has_more: false }, 200),
  );

  const read = createRoute({
    method: "get",
    path: "/v1/queues/{id}",
    tags: ["queues"],
    summary: "The queue's leads in order (JSON, or CSV with format=csv)",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema, query: queueReadQuerySchema },
    responses: {
      200: {
        description: "The first `limit` leads (default 50) with the queue's version",
        content: { "application/json": { schema: queuePageSchema }, ...csvContent },
      },
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openAPIRegistry.registerPath(read);
  app.get("/v1/queues/:id", canRead, async (c) => {
    const id = c.req.param("id");
    const query = queueReadQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      const errors = query.error.issues.map((issue) => ({
        pointer: `/${issue.path.join("/")}`,
        detail: `query: ${issue.message}`,
      }));
      return serviceProblem(c, { code: "invalid", detail: "The query is invalid.", errors });
    }
    if (query.data.format === "csv")
      return csvResponse(c, id, unwrap(c, await queues.exportCsv(id)));
    const page = unwrap(c, await queues.top(id, query.data.limit));
    const { hasMore, ...rest } = page;
    return c.json({ ...rest, has_more: hasMore }, 200);
  });

  const exportCsv = createRoute({
    method: "get",
    path: "/v1/queues/{id}/export.csv",
    tags: ["queues"],
    summary: "The whole queue in order as CSV (an audience, S16)",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema },
    responses: {
      200: { description: "CSV, one lead per row", content: csvContent },
      ...problemResponses(401, 403, 404),
    },
  });
  app.openAPIRegistry.registerPath(exportCsv);
  app.get("/v1/queues/:id/export.csv", canRead, async (c) => {
    const id = c.req.param("id");
    return csvResponse(c, id, unwrap(c, await queues.exportCsv(id)));
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/queues/{id}/definition",
      tags: ["queues"],
      summary: "The queue's current definition",
      security: secret,
      middleware: [canRead],
      request: { params: idParamsSchema },
      responses: {
        200: json(queueDetailSchema, "The definition"),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => c.json(unwrap(c, await queues.definition(c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/queues/{id}",
      tags: ["queues"],
      summary: "Create or change a queue (a new revision)",
      security: secret,
      middleware: [canDefine, readBody({ allowYaml: true }), deps.idempotency],
      request: {
        params: idParamsSchema,
        body: {
          required: true,
          content: {
            "application/json": { schema: queueDocumentSchema },
            "application/yaml": { schema: z.string() },
          },
        },
      },
      responses: {
        200: json(queueDetailSchema, "The published definition"),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const result = await queues.put({
        id: c.req.valid("param").id,
        source: queueSource(c),
        auth: c.get("auth"),
      });
      return c.json(unwrap(c, result), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/queues/{id}",
      tags: ["queues"],
      summary: "Delete a queue (its claims lapse with their leases)",
      security: secret,
      middleware: [canDefine],
      request: { params: idParamsSchema },
      responses: {
        200: json(z.object({ id: z.string() }), "Deleted"),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(unwrap(c, await queues.remove(c.req.valid("param").id, c.get("auth"))), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/queues/{id}/claim",
      tags: ["queues"],
      summary: "Take the next lead, with a lease (atomic: no two agents get the same lead)",
      security: secret,
      middleware: [canCall, readBody({ optional: true }), deps.idempotency],
      request: { params: idParamsSchema, body: { ...jsonBody(claimBodySchema), required: false } },
      responses: {
        200: json(claimSchema, "The claimed lead and its lease"),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const body = c.req.valid("json") ?? {};
      const result = await queues.claim({
        queueId: c.req.valid("param").id,
        agentId: body.agentId ?? c.get("auth").keyId,
        auth: c.get("auth"),
      });
      return c.json(unwrap(c, result), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/queues/{id}/claims/{claimId}/renew",
      tags: ["queues"],
      summary: "Extend a claim's lease",
      security: secret,
      middleware: [canCall],
      request: { params: claimParamsSchema },
      responses: {
        200: json(claimSchema, "The renewed claim"),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { id, claimId } = c.req.valid("param");
      return c.json(unwrap(c, await queues.renew(id, claimId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/queues/{id}/claims/{claimId}",
      tags: ["queues"],
      summary: "Release a claim: the lead returns to the queue",
      security: secret,
      middleware: [canCall],
      request: { params: claimParamsSchema },
      responses: {
        200: json(z.object({ claimId: z.string() }), "Released"),
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { id, claimId } = c.req.valid("param");
      return c.json(unwrap(c, await queues.release(id, claimId)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/queues/{id}/outcome",
      tags: ["queues"],
      summary: "Record a call's outcome (an event `call.<outcome>` in the log; releases the claim)",
      security: secret,
      middleware: [canCall, readBody(), deps.idempotency],
      request: { params: idParamsSchema, body: jsonBody(outcomeBodySchema) },
      responses: {
        200: json(outcomeReportSchema, "The recorded outcome"),
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { callbackAt, note, claimId, messageId, agentId, ...body } = c.req.valid("json");
      const at = typeof callbackAt === "string" ? Date.parse(callbackAt) : callbackAt;
      const result = await queues.recordOutcome({
        ...body,
        queueId: c.req.valid("param").id,
        agentId: agentId ?? c.get("auth").keyId,
        auth: c.get("auth"),
        ...(at === undefined ? {} : { callbackAt: at }),
        ...(note === undefined ? {} : { note }),
        ...(claimId === undefined ? {} : { claimId }),
        ...(messageId === undefined ? {} : { messageId }),
      });
      return c.json(unwrap(c, result), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/queues/{id}/audience",
      tags: ["queues"],
      summary: "POST the queue's order to a webhook URL (Standard Webhooks signature)",
      security: secret,
      middleware: [requireSecretKey(services, "webhooks:write"), readBody()],
      request: { params: idParamsSchema, body: jsonBody(audienceBodySchema) },
      responses: {
        200: json(audienceDeliverySchema, "Delivered"),
        ...problemResponses(400, 401, 403, 404, 422, 502),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await queues.sendAudience({ queueId: c.req.valid("param").id, ...body });
      return c.json(unwrap(c, result), 200);
    },
  );
}
