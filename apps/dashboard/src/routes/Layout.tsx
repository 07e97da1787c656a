// The frame of every page: header with navigation, language switch and the session, then the page.
import { AppFrame, BrandMark } from "@atrarium/web-ui/app-frame";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { LocaleSwitch, useI18n } from "../i18n/i18n.tsx";
import { useSession } from "../lib/session.tsx";

export function Layout() {
  const { t } = useI18n();
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  const brand = (
    <Link to="/" className="brand">
      <BrandMark path="M5 19c0-8 5-14 15-15-1 10-7 15-15 15Zm0 0 8-8" />
      {t("app.name")}
    </Link>
  );
  const nav = (
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
  );
  const headerEnd = (
    <>
      <LocaleSwitch />
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
    </>
  );
  return (
    <AppFrame skipLabel={t("nav.skipToContent")} brand={brand} nav={nav} headerEnd={headerEnd}>
      <Outlet />
    </AppFrame>
  );
}
