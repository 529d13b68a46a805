import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { parseDuration } from "@leadscore/core";
import { requireScope } from "../auth.ts";
import type { HttpEnv } from "../http-env.ts";
import { readBody } from "../read-body.ts";
import type { RouteDeps } from "../route-deps.ts";
import { problemResponses } from "../schemas/problem-schema.ts";
import {
  backtestBodySchema,
  backtestSchema,
  funnelQuerySchema,
  funnelSchema,
} from "../schemas/report-schemas.ts";
import { unwrap } from "../service-problem.ts";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const secret: Record<string, string[]>[] = [{ secretKey: [] }, { sessionCookie: [] }];

/** Evidence over the stored history: backtests (one model or two compared) and the funnel. */
export function registerReportRoutes(app: OpenAPIHono<HttpEnv>, deps: RouteDeps): void {
  const { services } = deps;
  const canRead = requireScope(services, "reports:read");

  const backtest = createRoute({
    method: "post",
    path: "/v1/backtests",
    tags: ["reports"],
    summary: "Backtest one model, or compare two, on the stored history",
    description:
      "Scores every lead seen before the cutoff as of the cutoff and checks which converted within the horizon after it (S18, S19). Changes nothing.",
    security: secret,
    middleware: [canRead, readBody()],
    request: {
      body: { required: true, content: { "application/json": { schema: backtestBodySchema } } },
    },
    responses: {
      200: json(backtestSchema, "Metrics per model, and the leads that change between two"),
      ...problemResponses(400, 401, 403, 413, 415, 422),
    },
  });
  app.openapi(backtest, async (c) => {
    const { models, cutoff, horizon, outcomeEvents } = c.req.valid("json");
    const result = await services.reports.backtest({
      models,
      cutoff,
      horizonMs: parseDuration(horizon) ?? 0,
      ...(outcomeEvents === undefined ? {} : { outcomeEvents }),
    });
    return c.json(unwrap(c, result), 200);
  });

  const funnel = createRoute({
    method: "get",
    path: "/v1/funnel",
    tags: ["reports"],
    summary: "Leads per stage, conversion between stages and time in each stage, over a period",
    description:
      "The cohort of leads identified within [from, to): how far each got before `to`, where each stood at `to`, and the median time spent in each stage. A won outcome event counts as reaching customer.",
    security: secret,
    middleware: [canRead],
    request: { query: funnelQuerySchema },
    responses: {
      200: json(funnelSchema, "The funnel"),
      ...problemResponses(400, 401, 403, 422),
    },
  });
  app.openapi(funnel, async (c) => {
    const { model, from, to, outcome } = c.req.valid("query");
    const outcomeEvents = outcome
      ?.split(",")
      .map((type) => type.trim())
      .filter((type) => type !== "");
    const result = await services.reports.funnel({
      model,
      from,
      to,
      ...(outcomeEvents === undefined || outcomeEvents.length === 0 ? {} : { outcomeEvents }),
    });
    return c.json(unwrap(c, result), 200);
  });
}
