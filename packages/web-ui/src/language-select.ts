// A language drop-down for an app header: the label is read by screen readers only (the choices name
// themselves), and each language is listed under its own name. Written without JSX, as i18n.ts is.
import { createElement } from "react";

export interface LanguageSelectProps<L extends string> {
  label: string;
  locale: L;
  locales: readonly L[];
  localeName: (locale: L) => string;
  onChange: (locale: L) => void;
}

export function LanguageSelect<L extends string>({
  label,
  locale,
  locales,
  localeName,
  onChange,
}: LanguageSelectProps<L>) {
  return createElement(
    "label",
    { className: "locale-switch" },
    createElement("span", { className: "visually-hidden" }, label),
    createElement(
      "select",
      { value: locale, onChange: (e: { target: { value: string } }) => onChange(e.target.value as L) },
      locales.map((l) => createElement("option", { key: l, value: l }, localeName(l))),
    ),
  );
}
