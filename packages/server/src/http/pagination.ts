import { z } from "@hono/zod-openapi";

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 25;

/** `limit` and `starting_after` query parameters shared by every list route. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .optional()
    .openapi({ param: { name: "limit", in: "query" }, example: DEFAULT_PAGE_LIMIT }),
  starting_after: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .openapi({
      param: { name: "starting_after", in: "query" },
      description: "The `next_cursor` of the previous page.",
    }),
});

/** Response envelope of every list: `{ data, has_more, next_cursor }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  });
}

export function toPageBody<T>(page: {
  readonly data: readonly T[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}): { data: T[]; has_more: boolean; next_cursor: string | null } {
  return { data: [...page.data], has_more: page.hasMore, next_cursor: page.nextCursor };
}
