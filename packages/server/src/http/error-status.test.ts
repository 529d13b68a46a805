import { describe, expect, it } from "vitest";
import { statusForCode } from "./error-status.ts";

describe("statusForCode", () => {
  it.each([
    ["not_found", 404],
    ["invalid", 422],
    ["conflict", 409],
    ["forbidden", 403],
    ["suppressed", 409],
    ["too_large", 413],
    ["upstream_failed", 502],
    ["something_new", 500],
    ["__proto__", 500],
  ])("maps %s to %i", (code, status) => {
    expect(statusForCode(code)).toBe(status);
  });
});
