import type { StoreError } from "../ports/store.ts";
import type { ProblemInit } from "./problem.ts";

function isRetriable(error: unknown): error is StoreError {
  return typeof error === "object" && error !== null && (error as StoreError).retriable === true;
}

/**
 * The answer to an error no route expected: 503 with Retry-After when the store says a retry can
 * help (ingest dedupes by messageId, so a retried batch never counts twice), else 500.
 */
export function unexpectedErrorProblem(error: unknown): ProblemInit {
  if (isRetriable(error)) {
    return {
      status: 503,
      type: "unavailable",
      title: "Temporarily unavailable",
      detail: "The store could not take the request; retry it shortly.",
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
