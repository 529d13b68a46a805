import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireScope } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { refuseIdempotencyKey, SHOWN_ONCE_DESCRIPTION } from "../idempotency.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { idParamsSchema } from "../schemas/common-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import {
  createUserBodySchema,
  resetPasswordBodySchema,
  updateUserBodySchema,
  userSchema,
  userWithPasswordSchema,
} from "../schemas/user-schemas.ts";
import { unwrap, writable } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const security: Record<string, string[]>[] = [{ secretKey: [] }, { sessionCookie: [] }];

/** Dashboard users: admin only, like keys. */
export function registerUserRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const isAdmin = requireScope(services, "admin");

  const list = createRoute({
    method: "get",
    path: "/v1/users",
    tags: ["users"],
    summary: "List dashboard users",
    security,
    middleware: [isAdmin],
    responses: {
      200: json(z.object({ data: z.array(userSchema) }), "Users"),
      ...problemResponses(401, 403),
    },
  });
  app.openapi(list, async (c) => c.json({ data: writable(await services.users.list()) }, 200));

  const create = createRoute({
    method: "post",
    path: "/v1/users",
    tags: ["users"],
    summary: "Create a user; a generated password is shown once",
    description: SHOWN_ONCE_DESCRIPTION,
    security,
    middleware: [isAdmin, refuseIdempotencyKey, readBody()],
    request: { body: jsonBody(createUserBodySchema) },
    responses: {
      201: json(userWithPasswordSchema, "The new user"),
      ...problemResponses(400, 401, 403, 409, 422),
    },
  });
  app.openapi(create, async (c) => {
    const { password, ...body } = c.req.valid("json");
    const created = await services.users.create({
      ...body,
      ...(password === undefined ? {} : { password }),
    });
    c.header("cache-control", "no-store");
    return c.json(unwrap(c, created), 201);
  });

  const update = createRoute({
    method: "patch",
    path: "/v1/users/{id}",
    tags: ["users"],
    summary: "Change a user's role, or disable or enable them",
    security,
    middleware: [isAdmin, readBody()],
    request: { params: idParamsSchema, body: jsonBody(updateUserBodySchema) },
    responses: {
      200: json(userSchema, "The user"),
      ...problemResponses(400, 401, 403, 404, 409, 422),
    },
  });
  app.openapi(update, async (c) => {
    const { role, disabled } = c.req.valid("json");
    const result = await services.users.update({
      id: c.req.valid("param").id,
      ...(role === undefined ? {} : { role }),
      ...(disabled === undefined ? {} : { disabled }),
    });
    return c.json(unwrap(c, result), 200);
  });

  const remove = createRoute({
    method: "delete",
    path: "/v1/users/{id}",
    tags: ["users"],
    summary: "Delete a user and end their sessions",
    security,
    middleware: [isAdmin],
    request: { params: idParamsSchema },
    responses: {
      200: json(z.object({ id: z.string() }), "The deleted user id"),
      ...problemResponses(401, 403, 404, 409),
    },
  });
  app.openapi(remove, async (c) =>
    c.json(unwrap(c, await services.users.remove(c.req.valid("param").id)), 200),
  );

  const reset = createRoute({
    method: "post",
    path: "/v1/users/{id}/password",
    tags: ["users"],
    summary: "Set a new password (generated when none is sent); ends the user's sessions",
    description: SHOWN_ONCE_DESCRIPTION,
    security,
    middleware: [isAdmin, refuseIdempotencyKey, readBody()],
    request: { params: idParamsSchema, body: jsonBody(resetPasswordBodySchema) },
    responses: {
      200: json(userWithPasswordSchema, "The user and the generated password"),
      ...problemResponses(400, 401, 403, 404, 422),
    },
  });
  app.openapi(reset, async (c) => {
    const { password } = c.req.valid("json");
    const result = await services.users.resetPassword(c.req.valid("param").id, password);
    c.header("cache-control", "no-store");
    return c.json(unwrap(c, result), 200);
  });
}
