// Sign in at the user's own PDS, found from their handle: OAuth by default (the tab goes to the PDS's
// authorization page and comes back to /oauth/callback), or, under "Advanced", with an app password.
import { useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { SignInError, type SignInFailure, useSession } from "../lib/session.tsx";

const FAILURES: Record<SignInFailure, MessageKey> = {
  "wrong-password": "signIn.error.wrongPassword",
  "unknown-handle": "signIn.error.unknownHandle",
  unreachable: "signIn.error.unreachable",
  "no-oauth": "signIn.error.noOAuth",
  denied: "signIn.error.denied",
  other: "signIn.error.other",
};

type Form = "oauth" | "app-password";

export function SignInPage() {
  const { t } = useI18n();
  const { signIn, signInWithAppPassword, oauthReturn } = useSession();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/sign-in" });
  const [handle, setHandle] = useState("");
  const [passwordHandle, setPasswordHandle] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState<Form | null>(null);
  // A failure of this page's forms, or of the last round trip to the PDS (denied, cancelled, …).
  const [failure, setFailure] = useState<{ form: Form; kind: SignInFailure } | null>(
    oauthReturn?.failure ? { form: "oauth", kind: oauthReturn.failure } : null,
  );

  const run = async (form: Form, action: () => Promise<void>) => {
    setBusy(form);
    setFailure(null);
    try {
      await action();
    } catch (err) {
      setFailure({ form, kind: err instanceof SignInError ? err.kind : "other" });
      setBusy(null);
    }
  };

  const submitOAuth = (e: FormEvent) => {
    e.preventDefault();
    void run("oauth", () => signIn(handle, redirect ?? "/"));
  };

  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    void run("app-password", async () => {
      await signInWithAppPassword(passwordHandle, password);
      await navigate({ to: redirect ?? "/" });
    });
  };

  const alert = (form: Form) =>
    failure?.form === form && (
      <p id={`sign-in-error-${form}`} className="notice notice-error" role="alert">
        {t(FAILURES[failure.kind])}
      </p>
    );

  return (
    <section className="narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="lead">{t("signIn.intro")}</p>
      <form
        onSubmit={submitOAuth}
        className="form"
        aria-describedby={failure ? "sign-in-error-oauth" : undefined}
      >
        <label>
          {t("signIn.handle")}
          <input
            name="handle"
            autoComplete="username"
            required
            placeholder={t("signIn.handlePlaceholder")}
            value={handle}
            onChange={(e) => setHandle(e.target.value)}
          />
        </label>
        <p className="hint">{t("signIn.oauthHint")}</p>
        {alert("oauth")}
        <button type="submit" disabled={busy !== null}>
          {busy === "oauth" ? t("signIn.redirecting") : t("signIn.submit")}
        </button>
      </form>
      <details className="advanced-sign-in" open={failure?.form === "app-password" || undefined}>
        <summary>{t("signIn.advanced")}</summary>
        <form
          onSubmit={submitPassword}
          className="form"
          aria-label={t("signIn.advanced")}
          aria-describedby={failure ? "sign-in-error-app-password" : undefined}
        >
          <label>
            {t("signIn.handle")}
            <input
              name="password-handle"
              autoComplete="username"
              required
              placeholder={t("signIn.handlePlaceholder")}
              value={passwordHandle}
              onChange={(e) => setPasswordHandle(e.target.value)}
            />
          </label>
          <label>
            {t("signIn.password")}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <p className="hint">{t("signIn.appPasswordHint")}</p>
          {alert("app-password")}
          <button type="submit" disabled={busy !== null}>
            {busy === "app-password" ? t("signIn.submitting") : t("signIn.submitAppPassword")}
          </button>
        </form>
      </details>
    </section>
  );
}
