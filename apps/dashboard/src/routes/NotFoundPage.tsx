import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n/i18n.tsx";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="narrow">
      <h1>{t("notFound.title")}</h1>
      <Link to="/">{t("notFound.back")}</Link>
    </section>
  );
}
