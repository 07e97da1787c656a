// Loading, empty, error and stale states, used by every view so none of them is ever a blank page.
import type { ReactNode } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { ApiError } from "../lib/api.ts";
import { InvalidRecordError } from "../lib/records.ts";
import { useSession } from "../lib/session.tsx";

const KNOWN_ERRORS: Record<string, MessageKey> = {
  CommunityNotFound: "error.communityNotFound",
  CommunityUnavailable: "error.communityUnavailable",
  RateLimitExceeded: "error.rateLimited",
  AuthenticationRequired: "error.signInRequired",
  NotModerator: "error.forbidden",
  Forbidden: "error.forbidden",
  NetworkError: "error.network",
  OAuthSessionRequired: "error.workerAccessRequired",
  InvalidToken: "error.workerAccessRequired",
  RepoUnavailable: "error.repoUnavailable",
};

export function errorKey(err: unknown): MessageKey {
  if (err instanceof InvalidRecordError) return "error.invalidRecord";
  if (err instanceof ApiError) {
    if (KNOWN_ERRORS[err.error]) return KNOWN_ERRORS[err.error];
    if (err.status === 403) return "error.forbidden";
    if (err.status >= 500 || err.status === 0) return "error.network";
  }
  if (err instanceof TypeError) return "error.network";
  return "error.unknown";
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>{t(errorKey(error))}</p>
      <details>
        <summary>{t("error.details")}</summary>
        <code>{detail}</code>
      </details>
      {retry && (
        <button type="button" className="button-secondary" onClick={retry}>
          {t("action.retry")}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("state.loading")}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

// Data is shown but may be out of date: the index says it is behind, a refresh failed (the last good
// answer stays on screen), or the user's own PDS cannot be reached.
export function StaleNotice({ stale, refreshFailed }: { stale: boolean; refreshFailed: boolean }) {
  const { t } = useI18n();
  const { state } = useSession();
  const pdsDown = state.status === "signed-in" && !state.pdsReachable;
  if (!stale && !refreshFailed && !pdsDown) return null;
  return (
    <div className="notice notice-stale" role="status" aria-live="polite" data-testid="stale-notice">
      <strong>{t("stale.title")}</strong>
      <ul>
        {stale && <li>{t("stale.indexBehind")}</li>}
        {refreshFailed && <li>{t("stale.refreshFailed")}</li>}
        {pdsDown && <li>{t("stale.pdsUnreachable", { pds: state.pdsUrl })}</li>}
      </ul>
    </div>
  );
}

const STAGES = ["theme", "community", "graduated"] as const;

export function StageLabel({ stage }: { stage: string }) {
  const { t } = useI18n();
  const known = STAGES.find((s) => s === stage);
  return <span className={`badge stage-${known ?? "other"}`}>{known ? t(`stage.${known}`) : stage}</span>;
}
