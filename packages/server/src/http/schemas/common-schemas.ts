import { z } from "@hono/zod-openapi";

/** Every instant in the API is epoch milliseconds (ADR 0010-http-api-shape). */
export const epochMs = z.number().int().openapi({ description: "Epoch milliseconds (UTC)." });

export const idParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const stageSchema = z.enum([
  "anonymous",
  "lead",
  "mql",
  "sql",
  "opportunity",
  "customer",
  "disqualified",
]);

export const gradeSchema = z.enum(["A", "B", "C", "D"]);
