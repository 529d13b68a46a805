import { z } from "@hono/zod-openapi";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    id: z.string().openapi({ description: "Error id, also written to the server log." }),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: problemSchema } };

/** Response entries for the problem statuses a route can answer. */
export function problemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed or invalid request",
    401: "Missing, unknown or revoked key",
    403: "Key lacks the scope, or origin not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Request or event too large",
    415: "Unsupported media type",
    422: "Semantically invalid",
    429: "Rate limited; see Retry-After",
    502: "The target of a delivery failed or refused it",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status] ?? "Problem", content: problemContent },
    ]),
  );
}
