import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireScope } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { pageQuerySchema, pageSchema, toPageBody } from "../pagination.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { idParamsSchema } from "../schemas/common-schemas.ts";
import {
  eraseReportSchema,
  explanationSchema,
  feedbackBodySchema,
  feedbackSchema,
  leadEventSchema,
  leadPageSchema,
  leadSchema,
  listLeadsQuerySchema,
  mergeBodySchema,
  modelQuerySchema,
  scorePointSchema,
  stageChangeBodySchema,
} from "../schemas/lead-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import { unwrap } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const secret: Record<string, string[]>[] = [{ secretKey: [] }, { sessionCookie: [] }];

export function registerLeadRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const canRead = requireScope(services, "leads:read");
  const canWrite = requireScope(services, "leads:write");
  const writeBody = () => [canWrite, readBody(), deps.idempotency];

  const list = createRoute({
    method: "get",
    path: "/v1/leads",
    tags: ["leads"],
    summary: "List leads",
    security: secret,
    middleware: [canRead],
    request: { query: listLeadsQuerySchema },
    responses: {
      200: json(leadPageSchema, "A page of leads"),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openapi(list, async (c) => {
    const { starting_after: startingAfter, ...query } = c.req.valid("query");
    const result = await services.leads.list({
      ...query,
      ...(startingAfter === undefined ? {} : { startingAfter }),
    });
    const page = unwrap(c, result);
    const counts = page.counts === undefined ? {} : { counts: page.counts };
    return c.json({ ...toPageBody(page), ...counts }, 200);
  });

  const merge = createRoute({
    method: "post",
    path: "/v1/leads/merge",
    tags: ["leads"],
    summary: "Merge two known leads",
    security: secret,
    middleware: writeBody(),
    request: { body: jsonBody(mergeBodySchema) },
    responses: {
      200: json(leadSchema, "The surviving lead"),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });
  app.openapi(merge, async (c) => {
    const result = await services.leads.merge({ ...c.req.valid("json"), auth: c.get("auth") });
    return c.json(unwrap(c, result), 200);
  });

  const get = createRoute({
    method: "get",
    path: "/v1/leads/{id}",
    tags: ["leads"],
    summary: "Get a lead",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema },
    responses: { 200: json(leadSchema, "The lead"), ...problemResponses(401, 403, 404) },
  });
  app.openapi(get, async (c) => {
    const result = await services.leads.get(c.req.valid("param").id);
    return c.json(unwrap(c, result), 200);
  });

  const explanation = createRoute({
    method: "get",
    path: "/v1/leads/{id}/explanation",
    tags: ["leads"],
    summary: "Why a lead has its score: the ledger",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema, query: modelQuerySchema },
    responses: {
      200: json(explanationSchema, "The ledger"),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openapi(explanation, async (c) => {
    const result = await services.leads.explanation(
      c.req.valid("param").id,
      c.req.valid("query").model,
    );
    return c.json(unwrap(c, result), 200);
  });

  const events = createRoute({
    method: "get",
    path: "/v1/leads/{id}/events",
    tags: ["leads"],
    summary: "A lead's events, newest first",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema, query: pageQuerySchema },
    responses: {
      200: json(pageSchema(leadEventSchema), "A page of events"),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openapi(events, async (c) => {
    const { limit, starting_after: startingAfter } = c.req.valid("query");
    const result = await services.leads.events(c.req.valid("param").id, {
      ...(limit === undefined ? {} : { limit }),
      ...(startingAfter === undefined ? {} : { startingAfter }),
    });
    return c.json(toPageBody(unwrap(c, result)), 200);
  });

  const history = createRoute({
    method: "get",
    path: "/v1/leads/{id}/history",
    tags: ["leads"],
    summary: "Score over time",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema, query: modelQuerySchema },
    responses: {
      200: json(z.array(scorePointSchema), "Score points"),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openapi(history, async (c) => {
    const result = await services.leads.history(
      c.req.valid("param").id,
      c.req.valid("query").model,
    );
    return c.json(unwrap(c, result), 200);
  });

  const stage = createRoute({
    method: "post",
    path: "/v1/leads/{id}/stage",
    tags: ["leads"],
    summary: "Change a lead's stage by hand",
    security: secret,
    middleware: writeBody(),
    request: { params: idParamsSchema, body: jsonBody(stageChangeBodySchema) },
    responses: {
      200: json(leadSchema, "The updated lead"),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });
  app.openapi(stage, async (c) => {
    const { stage: target, ...body } = c.req.valid("json");
    const result = await services.leads.changeStage({
      ...body,
      ...(target === undefined ? {} : { stage: target }),
      leadId: c.req.valid("param").id,
      auth: c.get("auth"),
    });
    return c.json(unwrap(c, result), 200);
  });

  const feedback = createRoute({
    method: "post",
    path: "/v1/leads/{id}/feedback",
    tags: ["leads"],
    summary: "Sales feedback: good fit or bad fit",
    security: secret,
    middleware: writeBody(),
    request: { params: idParamsSchema, body: jsonBody(feedbackBodySchema) },
    responses: {
      201: json(feedbackSchema, "The feedback entry"),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  app.openapi(feedback, async (c) => {
    const { model, note, verdict } = c.req.valid("json");
    const result = await services.leads.addFeedback({
      verdict,
      ...(model === undefined ? {} : { model }),
      ...(note === undefined ? {} : { note }),
      leadId: c.req.valid("param").id,
      auth: c.get("auth"),
    });
    return c.json(unwrap(c, result), 201);
  });

  const erase = createRoute({
    method: "delete",
    path: "/v1/leads/{id}",
    tags: ["leads"],
    summary: "Erase a lead and all its data",
    security: secret,
    middleware: [requireScope(services, "privacy:erase")],
    request: { params: idParamsSchema },
    responses: {
      200: json(eraseReportSchema, "What was erased"),
      ...problemResponses(401, 403, 404),
    },
  });
  app.openapi(erase, async (c) => {
    const result = await services.leads.erase(c.req.valid("param").id, c.get("auth"));
    return c.json(unwrap(c, result), 200);
  });
}
