// Message catalogs (en, ja) and the hook components read them with, as in the dashboard: keys are
// typed from the English catalog; a unit test checks both catalogs carry the same keys and placeholders.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import en from "./en.json";
import ja from "./ja.json";

export type MessageKey = keyof typeof en;
export type Locale = "en" | "ja";
export const LOCALES: readonly Locale[] = ["en", "ja"];
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ja };
const STORAGE_KEY = "aurora-locus-admin.locale";

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  formatDate: (iso: string) => string;
  formatNumber: (n: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

function detectLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "ja") return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith("ja")) ? "ja" : "en";
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = CATALOGS[locale][key] ?? CATALOGS.en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(detectLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, "app.title");
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const numbers = new Intl.NumberFormat(locale);
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      formatDate: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : dates.format(d);
      },
      formatNumber: (n) => numbers.format(n),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
