import { describe, expect, it } from "vitest";
import { pluralKey } from "./plural.ts";
import { createTranslate } from "./translate.ts";

describe("plurals", () => {
  it.each([
    ["en", 1, "1 problem"],
    ["en", 3, "3 problems"],
    ["es", 1, "1 problema"],
    ["es", 0, "0 problemas"],
  ] as const)("%s %d", (locale, count, text) => {
    expect(
      createTranslate(locale)(pluralKey(locale, "editor.problemCount", count), { count }),
    ).toBe(text);
  });
});
