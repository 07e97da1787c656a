// Sign in with handle and password against the user's own PDS (found from the handle).
import { useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { SignInError, type SignInFailure, useSession } from "../lib/session.tsx";

const FAILURES: Record<SignInFailure, MessageKey> = {
  "wrong-password": "signIn.error.wrongPassword",
  "unknown-handle": "signIn.error.unknownHandle",
  unreachable: "signIn.error.unreachable",
  other: "signIn.error.other",
};

export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const { redirect } = useSearch({ from: "/sign-in" });
  const [handle, setHandle] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SignInFailure | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await signIn(handle, password);
      await navigate({ to: redirect ?? "/" });
    } catch (err) {
      setFailure(err instanceof SignInError ? err.kind : "other");
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="lead">{t("signIn.intro")}</p>
      <form onSubmit={submit} className="form" aria-describedby={failure ? "sign-in-error" : undefined}>
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
        {failure && (
          <p id="sign-in-error" className="notice notice-error" role="alert">
            {t(FAILURES[failure])}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("signIn.submitting") : t("signIn.submit")}
        </button>
      </form>
    </section>
  );
}
