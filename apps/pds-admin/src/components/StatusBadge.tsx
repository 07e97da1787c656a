// An account's state as a coloured label: active, deactivated (by its owner) or taken down (by the admin).
import { useI18n } from "../i18n/i18n.tsx";
import type { AccountStatus } from "../lib/admin-api.ts";

export function StatusBadge({ status }: { status: AccountStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid="account-status">
      {t(`status.${status}`)}
    </span>
  );
}
