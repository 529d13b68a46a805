import { z } from "@hono/zod-openapi";
import { pageQuerySchema } from "../pagination.ts";
import { epochMs, gradeSchema, stageSchema } from "./common-schemas.ts";

const nullableText = z.string().nullable();

const modelSummarySchema = z.object({
  score: z.number(),
  band: z.string(),
  stage: stageSchema,
  grade: gradeSchema,
});

export const leadSummarySchema = z
  .object({
    id: z.string(),
    userId: nullableText,
    email: nullableText,
    name: nullableText,
    company: nullableText,
    createdAt: epochMs,
    lastActivityAt: epochMs.nullable(),
    models: z.record(z.string(), modelSummarySchema),
  })
  .openapi("LeadSummary");

const stageChangeSchema = z.object({
  stage: stageSchema,
  from: stageSchema.nullable(),
  at: epochMs,
  cause: z.string(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
});

export const feedbackSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    model: nullableText,
    verdict: z.enum(["good_fit", "bad_fit"]),
    note: nullableText,
    at: epochMs,
    keyId: nullableText,
  })
  .openapi("Feedback");

export const leadSchema = z
  .object({
    id: z.string(),
    userId: nullableText,
    anonymousIds: z.array(z.string()),
    email: nullableText,
    name: nullableText,
    company: nullableText,
    traits: z.record(z.string(), z.unknown()),
    createdAt: epochMs,
    lastActivityAt: epochMs.nullable(),
    models: z.record(
      z.string(),
      modelSummarySchema.extend({
        fit: z.number(),
        engagement: z.number(),
        stageHistory: z.array(stageChangeSchema),
        scoredAt: epochMs,
      }),
    ),
    feedback: z.array(feedbackSchema),
  })
  .openapi("Lead");

export const listLeadsQuerySchema = pageQuerySchema.extend({
  model: z.string().min(1).max(200).optional(),
  band: z.string().min(1).max(100).optional(),
  stage: stageSchema.optional(),
  grade: gradeSchema.optional(),
  q: z.string().min(1).max(200).optional(),
  userId: z.string().min(1).max(200).optional(),
  email: z.string().min(1).max(320).optional(),
  sort: z.enum(["score", "-score", "activity", "-activity"]).optional(),
});

export const leadPageSchema = z
  .object({
    data: z.array(leadSummarySchema),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
    counts: z.object({ bands: z.record(z.string(), z.number().int()) }).optional(),
  })
  .openapi("LeadPage");

export const ledgerLineSchema = z
  .object({
    kind: z.enum(["fit", "engagement", "decay", "clamp"]),
    ruleId: z.string(),
    points: z.number(),
    basePoints: z.number(),
    messageId: z.string().optional(),
    eventType: z.string().optional(),
    occurredAt: epochMs.optional(),
    traits: z.array(z.string()).optional(),
    decayFactor: z.number().optional(),
    cappedPoints: z.number().optional(),
    note: z.string().optional(),
  })
  .openapi("LedgerLine");

export const explanationSchema = z
  .object({
    modelId: z.string(),
    score: z.number(),
    rawScore: z.number(),
    ledger: z.array(ledgerLineSchema),
  })
  .openapi("Explanation");

export const modelQuerySchema = z.object({
  model: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "model", in: "query" } }),
});

export const leadEventSchema = z
  .object({
    messageId: z.string(),
    type: z.string(),
    event: z.string(),
    timestamp: epochMs,
    receivedAt: epochMs,
    properties: z.record(z.string(), z.unknown()),
    traits: z.record(z.string(), z.unknown()),
  })
  .openapi("LeadEvent");

export const scorePointSchema = z
  .object({
    at: epochMs,
    score: z.number(),
    band: z.string(),
    messageId: z.string(),
    eventType: z.string(),
  })
  .openapi("ScorePoint");

export const stageChangeBodySchema = z
  .object({
    model: z.string().min(1).max(200),
    action: z.enum(["accept", "reject", "opportunity", "won", "lost", "set"]),
    stage: stageSchema.optional(),
    reason: z.string().min(1).max(2000),
  })
  .refine((body) => body.action !== "set" || body.stage !== undefined, {
    message: "stage is required when action is set",
    path: ["stage"],
  })
  .openapi("StageChangeRequest");

export const feedbackBodySchema = z
  .object({
    model: z.string().min(1).max(200).optional(),
    verdict: z.enum(["good_fit", "bad_fit"]),
    note: z.string().max(2000).optional(),
  })
  .openapi("FeedbackRequest");

export const mergeBodySchema = z
  .object({ into: z.string().min(1).max(200), from: z.string().min(1).max(200) })
  .refine((body) => body.into !== body.from, {
    message: "into and from must differ",
    path: ["from"],
  })
  .openapi("MergeRequest");

export const eraseReportSchema = z
  .object({ leadId: z.string(), eventsDeleted: z.number().int() })
  .openapi("EraseReport");
