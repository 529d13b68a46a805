import { describe, expect, it } from "vitest";
import { messagesEn } from "./messages-en.ts";
import { messagesEs } from "./messages-es.ts";
import { createTranslate, pickLocale, placeholdersOf } from "./translate.ts";

describe("messages", () => {
  it("has the same keys in English and Spanish", () => {
    expect(Object.keys(messagesEs).sort()).toEqual(Object.keys(messagesEn).sort());
  });

  it.each(Object.keys(messagesEn) as (keyof typeof messagesEn)[])(
    "%s has the same placeholders and a non-empty text in both languages",
    (key) => {
      expect(messagesEs[key].trim()).not.toBe("");
      expect(placeholdersOf(messagesEs[key])).toEqual(placeholdersOf(messagesEn[key]));
    },
  );
});

describe("createTranslate", () => {
  it("fills placeholders in the chosen language", () => {
    expect(createTranslate("en")("leads.pageNumber", { page: 3 })).toBe("Page 3");
    expect(createTranslate("es")("leads.pageNumber", { page: 3 })).toBe("Página 3");
  });

  it("leaves a placeholder visible when its value is missing", () => {
    expect(createTranslate("en")("leads.bandCount", { band: "hot" })).toBe("hot: {count} leads");
  });
});

describe("pickLocale", () => {
  it.each([
    [["es-MX", "en-US"], null, "es"],
    [["en-GB"], null, "en"],
    [["fr-FR", "es"], null, "es"],
    [["fr-FR", "de"], null, "en"],
    [["es-ES"], "en", "en"],
    [["en-US"], "es", "es"],
    [["en-US"], "pt", "en"],
  ] as const)("browser %j with stored %s picks %s", (preferred, stored, expected) => {
    expect(pickLocale(preferred, stored)).toBe(expected);
  });
});
