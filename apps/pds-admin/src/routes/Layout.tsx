// The frame of every page: header with navigation, language switch and sign-out, then the page; the
// sign-in form instead while no administrator is signed in.
import { Link, Outlet } from "@tanstack/react-router";
import { LOCALES, type Locale, useI18n } from "../i18n/i18n.tsx";
import { useAdminSession } from "../lib/admin-session.tsx";
import { SignInPage } from "./SignInPage.tsx";

function LocaleSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="locale-switch">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`locale.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout() {
  const { t } = useI18n();
  const { api, signOut } = useAdminSession();
  const current = { "aria-current": "page" } as const;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Z" />
          </svg>
          {t("app.name")}
        </Link>
        {api && (
          <nav className="main-nav" aria-label={t("nav.label")}>
            <Link to="/" activeOptions={{ exact: true }} activeProps={current}>
              {t("nav.overview")}
            </Link>
            <Link to="/accounts" activeProps={current}>
              {t("nav.accounts")}
            </Link>
            <Link to="/reports" activeProps={current}>
              {t("nav.reports")}
            </Link>
            <Link to="/invites" activeProps={current}>
              {t("nav.invites")}
            </Link>
            <Link to="/audit" activeProps={current}>
              {t("nav.audit")}
            </Link>
          </nav>
        )}
        <div className="header-end">
          <LocaleSwitch />
          {api && (
            <button type="button" className="button-secondary" onClick={signOut}>
              {t("session.signOut")}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {api ? <Outlet /> : <SignInPage />}
      </main>
    </>
  );
}
