import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ModelSource } from "../../use-cases/app-services.ts";
import { requireScope } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { idParamsSchema } from "../schemas/common-schemas.ts";
import {
  applyReportSchema,
  modelDetailSchema,
  modelDocumentSchema,
  modelSummarySchema,
  modelVersionSchema,
  putModelQuerySchema,
} from "../schemas/model-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import { unwrap, writable } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const secret: Record<string, string[]>[] = [{ secretKey: [] }, { sessionCookie: [] }];
// JSON bodies are validated by the route; YAML reaches the handler as text for the model parser.
const modelBody = {
  required: false,
  content: {
    "application/json": { schema: modelDocumentSchema },
    "application/yaml": { schema: z.string() },
  },
};

function modelSource(c: Context<HttpEnv>): ModelSource {
  const mediaType = c.req.header("content-type") ?? "";
  return /yaml/i.test(mediaType)
    ? { text: c.get("bodyText"), format: "yaml" }
    : { document: c.get("body") };
}

export function registerModelRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const canRead = requireScope(services, "leads:read");
  const canWrite = requireScope(services, "models:write");

  const list = createRoute({
    method: "get",
    path: "/v1/models",
    tags: ["models"],
    summary: "List published models",
    security: secret,
    middleware: [canRead],
    responses: {
      200: json(z.object({ data: z.array(modelSummarySchema) }), "Models"),
      ...problemResponses(401, 403),
    },
  });
  app.openapi(list, async (c) => c.json({ data: writable(await services.models.list()) }, 200));

  const get = createRoute({
    method: "get",
    path: "/v1/models/{id}",
    tags: ["models"],
    summary: "Get the published version of a model",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema },
    responses: { 200: json(modelDetailSchema, "The model"), ...problemResponses(401, 403, 404) },
  });
  app.openapi(get, async (c) =>
    c.json(unwrap(c, await services.models.get(c.req.valid("param").id)), 200),
  );

  const versions = createRoute({
    method: "get",
    path: "/v1/models/{id}/versions",
    tags: ["models"],
    summary: "Published versions of a model",
    security: secret,
    middleware: [canRead],
    request: { params: idParamsSchema },
    responses: {
      200: json(z.object({ data: z.array(modelVersionSchema) }), "Versions, newest first"),
      ...problemResponses(401, 403, 404),
    },
  });
  app.openapi(versions, async (c) => {
    const data = unwrap(c, await services.models.versions(c.req.valid("param").id));
    return c.json({ data }, 200);
  });

  const put = createRoute({
    method: "put",
    path: "/v1/models/{id}",
    tags: ["models"],
    summary: "Publish a model version (from now on, or retroactively)",
    security: secret,
    middleware: [canWrite, readBody({ allowYaml: true }), deps.idempotency],
    request: { params: idParamsSchema, query: putModelQuerySchema, body: modelBody },
    responses: {
      200: json(applyReportSchema, "What the new version changed"),
      ...problemResponses(400, 401, 403, 413, 415, 422),
    },
  });
  app.openapi(put, async (c) => {
    const report = await services.models.put({
      id: c.req.valid("param").id,
      source: modelSource(c),
      retroactive: c.req.valid("query").retroactive === "true",
      auth: c.get("auth"),
    });
    return c.json(unwrap(c, report), 200);
  });

  const preview = createRoute({
    method: "post",
    path: "/v1/models/{id}/preview",
    tags: ["models"],
    summary: "Impact of a draft model, without publishing",
    security: secret,
    middleware: [canWrite, readBody({ allowYaml: true })],
    request: { params: idParamsSchema, body: modelBody },
    responses: {
      200: json(applyReportSchema, "The impact the draft would have"),
      ...problemResponses(400, 401, 403, 413, 415, 422),
    },
  });
  app.openapi(preview, async (c) => {
    const report = await services.models.preview(c.req.valid("param").id, modelSource(c));
    return c.json(unwrap(c, report), 200);
  });
}
