// The frame of every page: header with navigation, language switch and sign-out, then the page; the
// sign-in form instead while no administrator is signed in.
import { AppFrame, BrandMark } from "@atrarium/web-ui/app-frame";
import { Link, Outlet } from "@tanstack/react-router";
import { LocaleSwitch, type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useAdminSession, useMayCall } from "../lib/admin-session.tsx";
import { SignInPage } from "./SignInPage.tsx";

// The pages in the navigation, in order; the overview is current only at "/" itself.
const PAGES = [
  { to: "/", label: "nav.overview" },
  { to: "/accounts", label: "nav.accounts" },
  { to: "/reports", label: "nav.reports" },
  { to: "/labels", label: "nav.labels" },
  { to: "/invites", label: "nav.invites" },
  { to: "/audit", label: "nav.audit" },
  { to: "/jobs", label: "nav.jobs" },
  // Admin roles: shown to the owner only, whose role may list the administrators.
  { to: "/admins", label: "nav.admins", needs: "net.atrarium.pds.admin.listAdmins" },
] as const satisfies readonly { to: string; label: MessageKey; needs?: string }[];

export function Layout() {
  const { t } = useI18n();
  const { api, admin, signOut } = useAdminSession();
  const mayCall = useMayCall();
  const brand = (
    <Link to="/" className="brand">
      <BrandMark path="M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Z" />
      {t("app.name")}
    </Link>
  );
  const nav = api && (
    <nav className="main-nav" aria-label={t("nav.label")}>
      {PAGES.filter((page) => !("needs" in page) || mayCall(page.needs)).map(({ to, label }) => (
        <Link key={to} to={to} activeOptions={{ exact: to === "/" }} activeProps={{ "aria-current": "page" }}>
          {t(label)}
        </Link>
      ))}
    </nav>
  );
  const headerEnd = (
    <>
      <LocaleSwitch />
      {api && admin && (
        <span className="signed-in-as" data-testid="signed-in-as">
          {t("session.signedInAs", { name: admin.name, role: t(`role.${admin.role}`) })}
        </span>
      )}
      {api && (
        <button type="button" className="button-secondary" onClick={signOut}>
          {t("session.signOut")}
        </button>
      )}
    </>
  );
  return (
    <AppFrame skipLabel={t("nav.skipToContent")} brand={brand} nav={nav} headerEnd={headerEnd}>
      {api ? <Outlet /> : <SignInPage />}
    </AppFrame>
  );
}
