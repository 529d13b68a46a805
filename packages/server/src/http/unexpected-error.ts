import type { ProblemInit } from "./problem.ts";

/** Store failures (`StoreError`) and an overloaded ingest say whether a retry can help. */
function isRetriable(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { retriable?: unknown }).retriable === true
  );
}

/**
 * The answer to an error no route expected: 503 with Retry-After when the error says a retry can
 * help (ingest dedupes by messageId, so a retried batch never counts twice), else 500.
 */
export function unexpectedErrorProblem(error: unknown): ProblemInit {
  if (isRetriable(error)) {
    return {
      status: 503,
      type: "unavailable",
      title: "Temporarily unavailable",
      detail: "The server could not take the request now; retry it shortly.",
      headers: { "retry-after": "1" },
    };
  }
  return {
    status: 500,
    type: "internal",
    title: "Internal error",
    detail: "The server failed to answer; quote the id when reporting it.",
  };
}
