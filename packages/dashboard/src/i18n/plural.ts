import type { MessageKey } from "./messages-en.ts";
import { isMessageKey, type Locale } from "./translate.ts";

const rules = new Map<Locale, Intl.PluralRules>();

/** `base.one` or `base.other` by the language's plural rule for `count` (English and Spanish need no more). */
export function pluralKey(locale: Locale, base: string, count: number): MessageKey {
  let rule = rules.get(locale);
  if (rule === undefined) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  const key = `${base}.${rule.select(count) === "one" ? "one" : "other"}`;
  if (!isMessageKey(key)) throw new Error(`no plural message ${key}`);
  return key;
}
