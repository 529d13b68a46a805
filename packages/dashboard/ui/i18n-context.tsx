import type { ReactNode } from "react";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Formatter } from "../src/i18n/format.ts";
import { createFormatter } from "../src/i18n/format.ts";
import type { Locale, Translate } from "../src/i18n/translate.ts";
import { createTranslate, pickLocale } from "../src/i18n/translate.ts";

const storageKey = "leadscore.locale";

interface I18n {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
  readonly t: Translate;
  readonly fmt: Formatter;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    pickLocale(navigator.languages, readStoredLocale()),
  );
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Private mode: the choice lasts for this tab only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(
    () => ({ locale, setLocale, t: createTranslate(locale), fmt: createFormatter(locale) }),
    [locale, setLocale],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error("useI18n needs an I18nProvider above it");
  return i18n;
}
