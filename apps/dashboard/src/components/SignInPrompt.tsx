// Shown where an action needs a signed-in user.
import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n/i18n.tsx";

export function SignInPrompt({ redirect }: { redirect: string }) {
  const { t } = useI18n();
  return (
    <div className="notice">
      <p>{t("session.signInToContinue")}</p>
      <Link to="/sign-in" search={{ redirect }} className="button">
        {t("session.signIn")}
      </Link>
    </div>
  );
}
