// A path under /admin that no page has.
import { Link } from "@tanstack/react-router";
import { useI18n } from "../i18n/i18n.tsx";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="panel">
      <h1>{t("notFound.title")}</h1>
      <p>
        <Link to="/">{t("notFound.back")}</Link>
      </p>
    </section>
  );
}
