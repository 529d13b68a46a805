import type { MessageKey } from "./messages-en.ts";
import { messagesEn } from "./messages-en.ts";
import { messagesEs } from "./messages-es.ts";

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];

export const messagesByLocale: Record<Locale, Record<MessageKey, string>> = {
  en: messagesEn,
  es: messagesEs,
};

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The `{name}` placeholders of a message, sorted, for comparing languages. */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "").sort();
}

export function createTranslate(locale: Locale): Translate {
  const messages = messagesByLocale[locale];
  return (key, params) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params !== undefined && name in params ? String(params[name]) : whole,
    );
}

/** Picks the first supported language among the browser's, English when none is. */
export function pickLocale(preferred: readonly string[], stored?: string | null): Locale {
  const candidates = stored ? [stored, ...preferred] : preferred;
  for (const tag of candidates) {
    const language = tag.toLowerCase().split("-")[0];
    const match = LOCALES.find((locale) => locale === language);
    if (match !== undefined) return match;
  }
  return "en";
}

/** Lets a view translate a key built at run time (a stage, an outcome) with a fallback. */
export function isMessageKey(key: string): key is MessageKey {
  return key in messagesEn;
}
