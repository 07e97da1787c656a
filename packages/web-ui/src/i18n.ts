// The en/ja i18n our web apps share: each app calls createI18n with its own message catalogs and the
// localStorage key its choice is kept under, and gets a provider, the hook its components read messages
// with, and a language switch. Keys are typed from the English catalog, and the Japanese one must carry
// them all. Written without JSX so that this package needs no JSX build setting of its own.
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { LanguageSelect } from "./language-select.ts";

export type Locale = "en" | "ja";
export const LOCALES: readonly Locale[] = ["en", "ja"];

export type MessageVars = Record<string, string | number>;

// Keys the shared language switch reads: its label and each language's own name.
export type LanguageSelectKey = "nav.language" | `locale.${Locale}`;

export interface I18n<Key extends string> {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: Key, vars?: MessageVars) => string;
  formatDate: (iso: string) => string;
  formatNumber: (n: number) => string;
}

// Key: the English catalog's keys, which must include the language switch's.
export interface I18nOptions<Key extends string> {
  catalogs: {
    en: Record<Key | LanguageSelectKey, string>;
    ja: Record<NoInfer<Key> | LanguageSelectKey, string>;
  };
  // Where the user's choice is kept: one key per app, so that the apps do not switch each other.
  storageKey: string;
  // The message used as the document title, re-set on every language change.
  titleKey: NoInfer<Key>;
}

export function createI18n<MessageKey extends string>(options: I18nOptions<MessageKey>) {
  type Key = MessageKey | LanguageSelectKey;
  const { catalogs, storageKey, titleKey } = options;
  const messages: Record<Locale, Record<Key, string>> = catalogs;

  function detectLocale(): Locale {
    const stored = localStorage.getItem(storageKey);
    if (stored === "en" || stored === "ja") return stored;
    return navigator.languages.some((l) => l.toLowerCase().startsWith("ja")) ? "ja" : "en";
  }

  function translate(locale: Locale, key: Key, vars?: MessageVars): string {
    const template = messages[locale][key] ?? messages.en[key] ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  }

  const I18nContext = createContext<I18n<Key> | null>(null);

  function I18nProvider({ children }: { children: ReactNode }) {
    const [locale, setLocaleState] = useState<Locale>(detectLocale);
    useEffect(() => {
      document.documentElement.lang = locale;
      document.title = translate(locale, titleKey);
    }, [locale]);
    const setLocale = useCallback((next: Locale) => {
      localStorage.setItem(storageKey, next);
      setLocaleState(next);
    }, []);
    const value = useMemo<I18n<Key>>(() => {
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
    return createElement(I18nContext.Provider, { value }, children);
  }

  function useI18n(): I18n<Key> {
    const ctx = useContext(I18nContext);
    if (!ctx) throw new Error("useI18n outside I18nProvider");
    return ctx;
  }

  // The header's language switch, labelled in the current language.
  function LocaleSwitch() {
    const { t, locale, setLocale } = useI18n();
    return createElement(LanguageSelect<Locale>, {
      label: t("nav.language"),
      locale,
      locales: LOCALES,
      localeName: (l) => t(`locale.${l}`),
      onChange: setLocale,
    });
  }

  return { I18nProvider, useI18n, LocaleSwitch, translate, detectLocale, LOCALES };
}
