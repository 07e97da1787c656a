// The admin UI's message catalogs (en, ja) on the shared i18n of @atrarium/web-ui, as in the dashboard:
// keys are typed from the English catalog; a unit test checks both catalogs carry the same keys and
// placeholders. Its own storage key, so that choosing a language here does not switch the dashboard.
import { createI18n } from "@atrarium/web-ui/i18n";
import en from "./en.json";
import ja from "./ja.json";

export type MessageKey = keyof typeof en;

export const { I18nProvider, useI18n, LocaleSwitch } = createI18n({
  catalogs: { en, ja },
  storageKey: "aurora-locus-admin.locale",
  titleKey: "app.title",
});
