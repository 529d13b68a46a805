import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireCollectKey } from "../auth.ts";
import { collectCors } from "../collect-cors.ts";
import { collect } from "../collect-ingest.ts";
import type { HttpEnv } from "../http-env.ts";
import { problemResponse } from "../problem.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import {
  batchBodyDocSchema,
  batchBodySchema,
  ingestResultSchema,
  singleBodyDocSchema,
} from "../schemas/collect-schemas.ts";
import { problemResponses } from "../schemas/problem-schema.ts";

const SINGLE_CALLS = ["track", "page", "identify", "alias", "group"] as const;

function collectRoute(path: string, summary: string, schema: z.ZodType) {
  const content = { schema };
  return createRoute({
    method: "post",
    path,
    summary,
    tags: ["collect"],
    security: [{ publishableKey: [] }, { secretKey: [] }],
    request: {
      body: { required: true, content: { "application/json": content, "text/plain": content } },
    },
    responses: {
      200: {
        description: "Per-item results; at least one item accepted or duplicate",
        content: { "application/json": { schema: ingestResultSchema } },
      },
      ...problemResponses(400, 401, 403, 413, 415, 429),
    },
  });
}

export function registerCollectRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const middleware = [
    collectCors,
    readBody({ allowTextPlain: true }),
    requireCollectKey(deps.services),
    deps.rateLimit,
  ] as const;

  // Documented with the same schemas; handled as plain routes because items are validated one by one.
  app.openAPIRegistry.registerPath(
    collectRoute("/v1/batch", "Collect a batch", batchBodyDocSchema),
  );
  app.on(["POST", "OPTIONS"], "/v1/batch", ...middleware, async (c) => {
    const envelope = batchBodySchema.safeParse(c.get("body"));
    if (!envelope.success) {
      return problemResponse(c, {
        status: 400,
        type: "invalid-batch",
        title: "Invalid batch",
        detail: "The body must be { batch: [message, …], sentAt?, writeKey? }.",
        errors: envelope.error.issues.map((issue) => ({
          pointer: `/${issue.path.join("/")}`,
          detail: issue.message,
        })),
      });
    }
    const { batch, sentAt } = envelope.data;
    return ingest(c, deps, batch, sentAt, "/batch");
  });

  for (const call of SINGLE_CALLS) {
    const path = `/v1/${call}`;
    app.openAPIRegistry.registerPath(
      collectRoute(path, `Collect one ${call} call`, singleBodyDocSchema),
    );
    app.on(["POST", "OPTIONS"], path, ...middleware, async (c) => {
      const body = c.get("body");
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return problemResponse(c, {
          status: 400,
          type: "invalid-message",
          title: "Invalid message",
          detail: "The body must be one message object.",
          errors: [{ pointer: "", detail: "expected an object" }],
        });
      }
      const { writeKey: _writeKey, ...message } = body as Record<string, unknown>;
      const sentAt = message.sentAt;
      return ingest(c, deps, [{ ...message, type: call }], sentAt, "");
    });
  }
}

async function ingest(
  c: Context<HttpEnv>,
  deps: RouteDeps,
  messages: readonly unknown[],
  sentAt: unknown,
  itemPointerPrefix: string,
): Promise<Response> {
  const outcome = await collect(deps, {
    messages,
    sentAt,
    bodyText: c.get("bodyText"),
    itemPointerPrefix,
    auth: c.get("auth"),
    userAgent: c.req.header("user-agent"),
    ip: clientIp(c),
  });
  return outcome.ok ? c.json(outcome.result, 200) : problemResponse(c, outcome.problem);
}

/** The socket address from @hono/node-server's bindings; absent for in-process requests. */
function clientIp(c: Context<HttpEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
