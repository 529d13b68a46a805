import { z } from "@hono/zod-openapi";

const jsonObject = z.record(z.string(), z.unknown());

/** One Segment-style message; items are validated one by one by the ingest use case. */
export const segmentMessageSchema = z
  .object({
    type: z.enum(["track", "page", "identify", "alias", "group"]).optional(),
    messageId: z.string().max(200).optional(),
    anonymousId: z.string().max(200).optional(),
    userId: z.string().max(200).optional(),
    event: z.string().max(200).optional(),
    name: z.string().optional(),
    properties: jsonObject.optional(),
    traits: jsonObject.optional(),
    context: jsonObject.optional(),
    previousId: z.string().optional(),
    groupId: z.string().optional(),
    originalTimestamp: z.string().optional(),
    timestamp: z.string().optional(),
    sentAt: z.string().optional(),
  })
  .openapi("SegmentMessage", { description: "At least one of anonymousId and userId." });

export const batchBodySchema = z
  .object({
    batch: z.array(z.unknown()).min(1),
    sentAt: z.string().optional(),
    writeKey: z.string().optional(),
  })
  .openapi("BatchRequest");

/** The documented batch body (items as SegmentMessage); `batchBodySchema` validates the envelope. */
export const batchBodyDocSchema = batchBodySchema.extend({ batch: z.array(segmentMessageSchema) });

export const singleBodyDocSchema = segmentMessageSchema.extend({ writeKey: z.string().optional() });

export const ingestResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        messageId: z.string().nullable(),
        status: z.enum(["accepted", "duplicate", "rejected"]),
        error: z.object({ code: z.string(), detail: z.string(), pointer: z.string() }).optional(),
      }),
    ),
  })
  .openapi("IngestResult");
