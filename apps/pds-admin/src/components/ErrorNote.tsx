// A failed call shown where its data would be: the XRPC error name and message, as the PDS sent them.
import { useI18n } from "../i18n/i18n.tsx";
import { isUnreachable, toAdminApiError } from "../lib/admin-api.ts";

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useI18n();
  const e = toAdminApiError(error);
  return (
    <p className="error" role="alert">
      {isUnreachable(e) ? t("error.unreachable") : t("error.failed", { error: e.error, message: e.message })}
    </p>
  );
}
