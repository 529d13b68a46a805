import { z } from "@hono/zod-openapi";
import { epochMs } from "./common-schemas.ts";

const ratio = z.number().nullable();
const modelId = z.string().min(1).max(200);
const outcomeEvent = z.string().min(1).max(200);
const DURATION = /^\d+(\.\d+)?(ms|s|m|h|d|w)$/;

const modelRefSchema = z
  .union([
    z
      .object({ id: modelId, version: z.number().int().positive().optional() })
      .strict()
      .openapi({ description: "A published model: its current version, or the one named." }),
    z
      .object({ document: z.record(z.string(), z.unknown()) })
      .strict()
      .openapi({ description: "A draft model document (the JSON form of the model language)." }),
  ])
  .openapi("ModelRef");

export const backtestBodySchema = z
  .object({
    models: z
      .array(modelRefSchema)
      .min(1)
      .max(2)
      .openapi({ description: "One model, or two to compare on the same history (base first)." }),
    cutoff: epochMs.openapi({
      description: "Leads are scored as of this instant (not in the future).",
    }),
    horizon: z
      .string()
      .regex(DURATION, "a duration such as 30d, 12h or 2w")
      .openapi({ description: "How long after the cutoff a conversion counts, e.g. `30d`." }),
    outcomeEvents: z
      .array(outcomeEvent)
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: "Event types that mean won; default `deal.won`." }),
  })
  .openapi("BacktestRequest");

const bandRowSchema = z.object({
  name: z.string(),
  from: z.number(),
  rows: z.number().int(),
  positives: z.number().int(),
  conversion: ratio,
  atOrAbove: z.object({ rows: z.number().int(), precision: ratio, recall: ratio }),
});

const decileSchema = z.object({
  decile: z.number().int(),
  rows: z.number().int(),
  positives: z.number(),
  conversion: z.number(),
  lift: z.number(),
  cumulativeGain: z.number(),
  cumulativeLift: z.number(),
  minScore: z.number().nullable(),
});

const calibrationBinSchema = z.object({
  from: z.number(),
  to: z.number(),
  rows: z.number().int(),
  positives: z.number().int(),
  conversion: ratio,
  meanScore: z.number().nullable(),
});

export const evaluationReportSchema = z
  .object({
    rows: z.number().int(),
    positives: z.number().int(),
    conversion: z.number(),
    auc: ratio,
    lift10: z.number(),
    bands: z.array(bandRowSchema),
    stages: z.array(
      z.object({
        name: z.string(),
        rows: z.number().int(),
        positives: z.number().int(),
        conversion: z.number(),
      }),
    ),
    deciles: z.array(decileSchema),
    calibration: z.array(calibrationBinSchema),
  })
  .openapi("EvaluationReport");

export const feedbackReportSchema = z
  .object({
    marks: z.number().int(),
    good: z.number().int(),
    bad: z.number().int(),
    meanScoreGood: z.number().nullable(),
    meanScoreBad: z.number().nullable(),
    agreement: ratio.openapi({
      description: "How often a good-fit lead outscores a bad-fit one (AUC); null without both.",
    }),
    bands: z.array(
      z.object({
        name: z.string(),
        from: z.number(),
        good: z.number().int(),
        bad: z.number().int(),
      }),
    ),
  })
  .openapi("FeedbackReport");

const standingSchema = z.object({ score: z.number(), band: z.string(), stage: z.string() });

export const backtestSchema = z
  .object({
    cutoff: epochMs,
    horizonMs: z.number(),
    outcomeEvents: z.array(z.string()),
    models: z.array(
      z
        .object({
          modelId: z.string(),
          name: z.string(),
          version: z.number().int().nullable().openapi({ description: "null for a draft" }),
          evaluation: evaluationReportSchema,
          mqlsPerMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
          missedWins: z.number().int(),
          skipped: z.number().int(),
          feedback: feedbackReportSchema,
        })
        .openapi("BacktestModelReport"),
    ),
    changes: z
      .object({
        total: z.number().int(),
        converted: z.number().int(),
        sample: z.array(
          z
            .object({
              leadId: z.string(),
              label: z.string().nullable(),
              from: standingSchema,
              to: standingSchema,
              converted: z.boolean(),
            })
            .openapi("BacktestLeadChange"),
        ),
      })
      .nullable(),
  })
  .openapi("Backtest");

const epochQuery = (name: string, description: string) =>
  z.coerce
    .number()
    .int()
    .openapi({ param: { name, in: "query" }, description, type: "integer" });

export const funnelQuerySchema = z.object({
  model: modelId.openapi({ param: { name: "model", in: "query" } }),
  from: epochQuery("from", "Start of the period, epoch ms (inclusive)."),
  to: epochQuery("to", "End of the period, epoch ms (exclusive)."),
  outcome: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .openapi({
      param: { name: "outcome", in: "query" },
      description: "Comma-separated event types that mean won; default `deal.won`.",
    }),
});

export const funnelSchema = z
  .object({
    modelId: z.string(),
    version: z.number().int(),
    outcomeEvents: z.array(z.string()),
    from: epochMs,
    to: epochMs,
    cohort: z.number().int().openapi({ description: "Leads that became leads within the period." }),
    steps: z.array(
      z
        .object({
          stage: z.enum(["lead", "mql", "sql", "opportunity", "customer"]),
          reached: z.number().int(),
          conversionFromPrevious: ratio,
          conversionFromCohort: ratio,
          current: z.number().int(),
          medianTimeInStageMs: z.number().nullable(),
          movedOn: z.number().int(),
        })
        .openapi("FunnelStep"),
    ),
    disqualified: z.number().int(),
    won: z.number().int(),
  })
  .openapi("Funnel");
