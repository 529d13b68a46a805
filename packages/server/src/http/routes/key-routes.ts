import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireScope } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { refuseIdempotencyKey, SHOWN_ONCE_DESCRIPTION } from "../idempotency.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import {
  createdKeySchema,
  createKeyBodySchema,
  keyIdParamsSchema,
  keySummarySchema,
} from "../schemas/key-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import { unwrap, writable } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const secret: Record<string, string[]>[] = [{ secretKey: [] }, { sessionCookie: [] }];

export function registerKeyRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const isAdmin = requireScope(services, "admin");

  const list = createRoute({
    method: "get",
    path: "/v1/keys",
    tags: ["keys"],
    summary: "List keys (never the secrets)",
    security: secret,
    middleware: [isAdmin],
    responses: {
      200: json(z.object({ data: z.array(keySummarySchema) }), "Keys"),
      ...problemResponses(401, 403),
    },
  });
  app.openapi(list, async (c) => c.json({ data: writable(await services.keys.list()) }, 200));

  const create = createRoute({
    method: "post",
    path: "/v1/keys",
    tags: ["keys"],
    summary: "Create a key; the secret is shown once",
    description: SHOWN_ONCE_DESCRIPTION,
    security: secret,
    middleware: [isAdmin, refuseIdempotencyKey, readBody()],
    request: {
      body: { required: true, content: { "application/json": { schema: createKeyBodySchema } } },
    },
    responses: {
      201: json(createdKeySchema, "The new key"),
      ...problemResponses(400, 401, 403, 422),
    },
  });
  app.openapi(create, async (c) => {
    const { scopes, allowedOrigins, ...body } = c.req.valid("json");
    const created = await services.keys.create({
      ...body,
      ...(scopes === undefined ? {} : { scopes }),
      ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
    });
    c.header("cache-control", "no-store");
    return c.json(unwrap(c, created), 201);
  });

  const revoke = createRoute({
    method: "delete",
    path: "/v1/keys/{id}",
    tags: ["keys"],
    summary: "Revoke a key",
    security: secret,
    middleware: [isAdmin],
    request: { params: keyIdParamsSchema },
    responses: {
      200: json(z.object({ id: z.string() }), "The revoked key id"),
      ...problemResponses(401, 403, 404),
    },
  });
  app.openapi(revoke, async (c) =>
    c.json(unwrap(c, await services.keys.revoke(c.req.valid("param").id)), 200),
  );
}
