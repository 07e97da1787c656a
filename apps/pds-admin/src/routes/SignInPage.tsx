// Sign-in with an administrator's name and password (admin roles): `admin` (the default) with the
// PDS's PDS_ADMIN_PASSWORD, or an administrator account the owner made.
import { type FormEvent, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { type SignInResult, useAdminSession } from "../lib/admin-session.tsx";

const FAILURES: Record<Exclude<SignInResult, "ok">, MessageKey> = {
  "wrong-password": "signIn.error.wrongPassword",
  unreachable: "signIn.error.unreachable",
};

export function SignInPage() {
  const { t } = useI18n();
  const { signIn, expired } = useAdminSession();
  const [name, setName] = useState("admin");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await signIn(name.trim(), password);
    setBusy(false);
    if (result !== "ok") setFailure(FAILURES[result]);
  };

  return (
    <section className="panel narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="muted">{t("signIn.intro")}</p>
      {expired && !failure && <p className="notice">{t("signIn.expired")}</p>}
      <form onSubmit={submit} className="form">
        <label>
          {t("signIn.name")}
          <input
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t("signIn.password")}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {failure && (
          <p className="error" role="alert">
            {t(failure)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t("signIn.submitting") : t("signIn.submit")}
        </button>
      </form>
    </section>
  );
}
