// Maps any failed HTTP exchange to one value the views can show: RFC 9457 problem details when the
// server sent them, a synthetic problem otherwise.

export type ApiErrorKind =
  | "network"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid"
  | "too_large"
  | "rate_limited"
  | "server";

export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

export interface ApiError {
  readonly kind: ApiErrorKind;
  /** 0 when no answer came back. */
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly fieldErrors: readonly FieldError[];
  /** The problem's id (also in the server log), to quote in a support request. */
  readonly problemId?: string;
}

export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 0) return "network";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 413) return "too_large";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "invalid";
  return "server";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    isRecord(item) && typeof item.detail === "string"
      ? [{ pointer: typeof item.pointer === "string" ? item.pointer : "", detail: item.detail }]
      : [],
  );
}

/** Builds the error for a non-2xx answer; `body` is the parsed JSON body, or undefined. */
export function apiErrorFromResponse(status: number, statusText: string, body: unknown): ApiError {
  const problem = isRecord(body) ? body : {};
  const title =
    typeof problem.title === "string" && problem.title !== ""
      ? problem.title
      : statusText || `HTTP ${status}`;
  const problemId =
    typeof problem.id === "string"
      ? problem.id
      : typeof problem.instance === "string"
        ? problem.instance
        : undefined;
  return {
    kind: kindOfStatus(status),
    status,
    title,
    ...(typeof problem.detail === "string" ? { detail: problem.detail } : {}),
    fieldErrors: readFieldErrors(problem.errors),
    ...(problemId === undefined ? {} : { problemId }),
  };
}

export function networkError(cause: unknown): ApiError {
  return {
    kind: "network",
    status: 0,
    title: "Network error",
    detail: cause instanceof Error ? cause.message : String(cause),
    fieldErrors: [],
  };
}

/** The field errors whose JSON pointer starts at `pointer` (e.g. `/reason`). */
export function fieldErrorsAt(error: ApiError, pointer: string): string[] {
  return error.fieldErrors
    .filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`))
    .map((e) => e.detail);
}
