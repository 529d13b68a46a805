import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { IngestResult } from "../../use-cases/app-services.ts";
import { requireCollectKey } from "../auth.ts";
import { collectCors } from "../collect-cors.ts";
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

export const MAX_EVENT_BYTES = 32 * 1024;
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
  const pointerOf = (index: number) =>
    itemPointerPrefix === "" ? "" : `${itemPointerPrefix}/${index}`;
  // An item is never larger than the body that carries it, so small bodies skip the measuring.
  const bodyBytes = Buffer.byteLength(c.get("bodyText"));
  const mayHoldOversize = bodyBytes > MAX_EVENT_BYTES;
  const itemSizesBytes = mayHoldOversize
    ? messages.map((message) => Buffer.byteLength(JSON.stringify(message)))
    : undefined;
  const oversize = (itemSizesBytes ?? []).flatMap((bytes, index) =>
    bytes > MAX_EVENT_BYTES ? [index] : [],
  );
  if (oversize.length > 0) {
    return problemResponse(c, {
      status: 413,
      type: "event-too-large",
      title: "Event too large",
      detail: `Events are limited to ${MAX_EVENT_BYTES} bytes; nothing in this request was stored.`,
      errors: oversize.map((index) => ({
        pointer: pointerOf(index),
        detail: `item ${index} is ${itemSizesBytes?.[index]} bytes`,
      })),
    });
  }
  const userAgent = c.req.header("user-agent");
  const result = await deps.services.ingest.ingest({
    messages,
    sentAt,
    receivedAt: deps.now(),
    auth: c.get("auth"),
    requestContext: { ...(userAgent === undefined ? {} : { userAgent }), ...clientIp(c) },
    bodyBytes,
    ...(itemSizesBytes === undefined ? {} : { itemSizesBytes }),
  });
  deps.metrics.countIngest(result);
  if (result.accepted + result.duplicates === 0) {
    return problemResponse(c, {
      status: 400,
      type: "all-items-rejected",
      title: "Every item was rejected",
      detail: `${result.rejected} of ${messages.length} items were rejected; see errors.`,
      errors: rejectedErrors(result, pointerOf),
      extensions: { ...result },
    });
  }
  return c.json(result, 200);
}

function rejectedErrors(result: IngestResult, pointerOf: (index: number) => string) {
  return result.results.flatMap((item) =>
    item.error === undefined
      ? []
      : [{ pointer: `${pointerOf(item.index)}${item.error.pointer}`, detail: item.error.detail }],
  );
}

/** The socket address from @hono/node-server's bindings; absent for in-process requests. */
function clientIp(c: Context<HttpEnv>): { ip?: string } {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const ip = env?.incoming?.socket?.remoteAddress;
  return ip === undefined ? {} : { ip };
}
