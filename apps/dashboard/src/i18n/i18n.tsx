// The dashboard's message catalogs (en, ja) on the shared i18n of @atrarium/web-ui: keys are typed from
// the English catalog; a test checks both catalogs carry the same keys and placeholders.
import { createI18n } from "@atrarium/web-ui/i18n";
import en from "./en.json";
import ja from "./ja.json";

export type MessageKey = keyof typeof en;

export const { I18nProvider, useI18n, LocaleSwitch } = createI18n({
  catalogs: { en, ja },
  storageKey: "atrarium.locale",
  titleKey: "app.title",
});
