// The frame of every page: header with navigation, language switch and the session, then the page.
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { LOCALES, type Locale, useI18n } from "../i18n/i18n.tsx";
import { useSession } from "../lib/session.tsx";

export function Layout() {
  const { t, locale, setLocale } = useI18n();
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M5 19c0-8 5-14 15-15-1 10-7 15-15 15Zm0 0 8-8" />
          </svg>
          {t("app.name")}
        </Link>
        <nav className="main-nav" aria-label={t("nav.label")}>
          <Link to="/" activeOptions={{ exact: true }} activeProps={{ "aria-current": "page" }}>
            {t("nav.communities")}
          </Link>
          {state.status === "signed-in" && (
            <Link to="/communities/new" activeProps={{ "aria-current": "page" }}>
              {t("nav.newCommunity")}
            </Link>
          )}
        </nav>
        <div className="header-end">
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
          {state.status === "signed-in" ? (
            <>
              <span className="signed-in-as">{t("session.signedInAs", { handle: state.handle })}</span>
              <button
                type="button"
                className="button-secondary"
                onClick={async () => {
                  await signOut();
                  await navigate({ to: "/" });
                }}
              >
                {t("session.signOut")}
              </button>
            </>
          ) : state.status === "signed-out" ? (
            <Link to="/sign-in" className="button">
              {t("session.signIn")}
            </Link>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
