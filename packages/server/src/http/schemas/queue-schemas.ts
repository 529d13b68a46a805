import { z } from "@hono/zod-openapi";
import { epochMs, gradeSchema, stageSchema } from "./common-schemas.ts";

const nullableText = z.string().nullable();

export const queueEntrySchema = z
  .object({
    leadId: z.string(),
    userId: nullableText,
    name: nullableText,
    email: nullableText,
    company: nullableText,
    score: z.number(),
    band: z.string(),
    stage: stageSchema,
    grade: gradeSchema,
    lastActivityAt: epochMs.nullable(),
    presentNow: z
      .boolean()
      .openapi({ description: "On the website now (page view or heartbeat)." }),
    callbackDue: z.boolean(),
    reasonCode: z.enum([
      "callback_due",
      "on_site",
      "high_intent",
      "active_today",
      "active_week",
      "score",
    ]),
    reason: z.string().openapi({ description: "Why the lead is here, in English." }),
  })
  .openapi("QueueEntry");

export const queueSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    model: z.string(),
    size: z.number().int(),
    version: z.number().int(),
    revision: z.number().int(),
  })
  .openapi("QueueSummary");

export const queueListSchema = z
  .object({ data: z.array(queueSummarySchema), has_more: z.boolean() })
  .openapi("QueueList");

export const queuePageSchema = z
  .object({
    queue: z.string(),
    version: z.number().int().openapi({
      description: "The queue's change counter; the stream event with this id shows the same list.",
    }),
    size: z.number().int(),
    data: z.array(queueEntrySchema),
    has_more: z.boolean(),
  })
  .openapi("QueuePage");

export const queueDetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    model: z.string(),
    revision: z.number().int(),
    publishedAt: epochMs,
    document: z.unknown(),
  })
  .openapi("QueueDetail");

export const queueDocumentSchema = z.record(z.string(), z.unknown()).openapi("QueueDocument", {
  description:
    "A queue: { id, model, name?, eligible?: { bands, stages, grades, minScore, when }, never?: { events, traits }, order?: [grade|score|activity|presence], limits?: { notCalledWithin, lease } }.",
});

export const queueReadQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .openapi({ param: { name: "limit", in: "query" } }),
  format: z
    .enum(["json", "csv"])
    .optional()
    .openapi({ param: { name: "format", in: "query" } }),
});

export const streamQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: "limit", in: "query" } }),
  token: z
    .string()
    .max(2000)
    .optional()
    .openapi({
      param: { name: "token", in: "query", description: "A stream token (EventSource)." },
    }),
  lastEventId: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "lastEventId", in: "query", description: "As Last-Event-ID." } }),
});

export const claimParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
  claimId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "claimId", in: "path" } }),
});

export const claimBodySchema = z
  .object({
    agentId: z.string().min(1).max(200).optional().openapi({
      description: "Who calls; defaults to the caller's key id.",
    }),
  })
  .openapi("ClaimRequest");

export const claimSchema = z
  .object({
    claimId: z.string(),
    queue: z.string(),
    agentId: z.string(),
    claimedAt: epochMs,
    leaseUntil: epochMs,
    lead: queueEntrySchema,
  })
  .openapi("Claim");

const instant = z
  .union([epochMs, z.string().datetime({ offset: true })])
  .openapi({ description: "Epoch milliseconds or an ISO 8601 time." });

export const outcomeBodySchema = z
  .object({
    leadId: z.string().min(1).max(200),
    outcome: z.enum([
      "no_answer",
      "call_back",
      "interested",
      "not_interested",
      "qualified",
      "wrong_data",
    ]),
    callbackAt: instant.optional(),
    note: z.string().max(2000).optional(),
    claimId: z.string().min(1).max(200).optional(),
    messageId: z.string().min(1).max(256).optional(),
    agentId: z.string().min(1).max(200).optional(),
  })
  .refine((body) => body.outcome !== "call_back" || body.callbackAt !== undefined, {
    message: "callbackAt is required when outcome is call_back",
    path: ["callbackAt"],
  })
  .openapi("OutcomeRequest");

export const outcomeReportSchema = z
  .object({
    messageId: z.string(),
    leadId: z.string(),
    event: z.string(),
    outcome: z.string(),
    status: z.enum(["accepted", "duplicate"]),
    callbackAt: epochMs.nullable(),
    releasedClaim: nullableText,
  })
  .openapi("OutcomeReport");

export const audienceBodySchema = z
  .object({
    url: z.string().url().max(2000),
    secret: z.string().min(1).max(200).openapi({ description: "The endpoint's whsec_… secret." }),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .openapi("AudienceRequest");

export const audienceDeliverySchema = z
  .object({
    url: z.string(),
    status: z.number().int(),
    leads: z.number().int(),
    webhookId: z.string(),
  })
  .openapi("AudienceDelivery");

export const streamTokenSchema = z
  .object({ token: z.string(), expiresAt: epochMs })
  .openapi("StreamToken");
