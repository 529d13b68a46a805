import type { ServiceErrorCode } from "../use-cases/app-services.ts";

/**
 * The one place where domain error codes become HTTP statuses. Use cases return errors with a
 * `code`; routes never pick a status for them. The Record makes a new code a type error here.
 */
const STATUS_BY_CODE: Readonly<Record<ServiceErrorCode, number>> = {
  not_found: 404,
  invalid: 422,
  conflict: 409,
  forbidden: 403,
  suppressed: 409,
  too_large: 413,
  unauthenticated: 401,
  rate_limited: 429,
  upstream_failed: 502,
};

export function statusForCode(code: string): number {
  return Object.hasOwn(STATUS_BY_CODE, code) ? STATUS_BY_CODE[code as ServiceErrorCode] : 500;
}
