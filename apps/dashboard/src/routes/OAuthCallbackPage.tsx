// Where the user's PDS sends them back after OAuth sign-in. The session provider redeems the code at
// page load; this page only waits for it, then goes on to where the user was headed, or back to the
// sign-in page, which says why it failed (denied, PDS unreachable, …).
import { useNavigate } from "@tanstack/react-router";
import { useEffect } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useSession } from "../lib/session.tsx";

export function OAuthCallbackPage() {
  const { t } = useI18n();
  const { state, oauthReturn } = useSession();
  const navigate = useNavigate();

  useEffect(() => {
    if (state.status === "loading") return;
    if (state.status === "signed-in" && !oauthReturn?.failure)
      void navigate({ to: oauthReturn?.to ?? "/", replace: true });
    else void navigate({ to: "/sign-in", search: { redirect: oauthReturn?.to }, replace: true });
  }, [state.status, oauthReturn, navigate]);

  return (
    <section className="narrow">
      <p className="lead" role="status">
        {t("signIn.finishing")}
      </p>
    </section>
  );
}
