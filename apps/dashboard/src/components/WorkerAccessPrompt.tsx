// Shown where an action writes through Atrarium (create a community, join, leave, moderate) and this
// browser holds no Worker session for the user: the user lets Atrarium write its records into their
// repository at their PDS, and comes back to this page with the action available. Also says why the
// last attempt failed (cancelled at the PDS, …).
import { useI18n } from "../i18n/i18n.tsx";
import { useSession } from "../lib/session.tsx";

export function WorkerAccessPrompt() {
  const { t } = useI18n();
  const { worker } = useSession();
  const href = worker.loginUrl(window.location.href);
  if (!href) return null;
  return (
    <div className="notice worker-access" data-testid="worker-access">
      {worker.failure && (
        <p className="notice notice-error" role="alert">
          {t("workerAccess.failed", { reason: worker.failure.description || worker.failure.code })}
        </p>
      )}
      <p>{t("workerAccess.intro")}</p>
      <a className="button" href={href}>
        {t("workerAccess.allow")}
      </a>
    </div>
  );
}

// Whether the writes that go through Atrarium can be made from this browser now.
export function useWorkerWritesReady(): boolean {
  const { state, worker } = useSession();
  return state.status === "signed-in" && worker.token !== null;
}
