import { z } from "@hono/zod-openapi";
import { epochMs, idParamsSchema } from "./common-schemas.ts";

export const modelSummarySchema = z
  .object({ id: z.string(), name: z.string(), version: z.number().int(), publishedAt: epochMs })
  .openapi("ModelSummary");

export const modelDetailSchema = modelSummarySchema
  .extend({ document: z.unknown() })
  .openapi("ModelDetail");

export const modelVersionSchema = z
  .object({ version: z.number().int(), publishedAt: epochMs, retroactive: z.boolean() })
  .openapi("ModelVersion");

export const modelDocumentSchema = z
  .record(z.string(), z.unknown())
  .openapi("ModelDocument", { description: "A scoring model document (see the model schema)." });

export const putModelQuerySchema = z.object({
  retroactive: z
    .enum(["true", "false"])
    .optional()
    .openapi({ param: { name: "retroactive", in: "query" } }),
});

export const applyReportSchema = z
  .object({
    version: z.number().int(),
    retroactive: z.boolean(),
    leadsRescored: z.number().int(),
    bandChanges: z.number().int(),
    stageChanges: z.number().int(),
  })
  .openapi("ModelApplyReport");

export const versionParamsSchema = idParamsSchema.extend({
  version: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "version", in: "path" }, type: "integer" }),
});
