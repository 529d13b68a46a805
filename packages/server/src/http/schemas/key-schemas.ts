import { z } from "@hono/zod-openapi";
import { ALL_SCOPES, type Scope } from "../../use-cases/app-services.ts";
import { epochMs } from "./common-schemas.ts";

export const scopeSchema = z.enum(ALL_SCOPES as [Scope, ...Scope[]]);

export const keySummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(["secret", "publishable"]),
    name: z.string(),
    scopes: z.array(scopeSchema),
    allowedOrigins: z.array(z.string()),
    prefix: z.string(),
    createdAt: epochMs,
    publishableKey: z
      .string()
      .optional()
      .openapi({ description: "Publishable keys: the full key, public by design." }),
  })
  .openapi("Key");

export const createKeyBodySchema = z
  .object({
    kind: z.enum(["secret", "publishable"]),
    name: z.string().min(1).max(200),
    scopes: z.array(scopeSchema).min(1).optional(),
    allowedOrigins: z.array(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })])).optional(),
  })
  .openapi("CreateKeyRequest");

export const createdKeySchema = z
  .object({
    key: keySummarySchema,
    secret: z.string().openapi({ description: "The full key; shown once." }),
  })
  .openapi("CreatedKey");

export const keyIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});
