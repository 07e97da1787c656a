// The server at a glance: accounts by state, records, blobs, the firehose and the version, then live
// charts of its metrics.
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LiveMetrics } from "../components/LiveMetrics.tsx";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useAdminApi } from "../lib/admin-session.tsx";

function Stat({ label, value }: { label: MessageKey; value: string }) {
  const { t } = useI18n();
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{t(label)}</span>
    </div>
  );
}

export function OverviewPage() {
  const { t, formatNumber } = useI18n();
  const api = useAdminApi();
  const stats = useQuery({
    queryKey: ["stats"],
    queryFn: () => api.query("net.atrarium.pds.admin.getServerStats", {}),
  });
  const n = formatNumber;
  return (
    <>
      <h1>{t("overview.title")}</h1>
      {stats.isPending && <p className="muted">{t("list.loading")}</p>}
      {stats.error && <ErrorNote error={stats.error} />}
      {stats.data && (
        <>
          <h2>{t("overview.accounts")}</h2>
          <div className="stats-row">
            <Stat label="overview.accounts.total" value={n(stats.data.accounts.total)} />
            <Stat label="status.active" value={n(stats.data.accounts.active)} />
            <Stat label="status.deactivated" value={n(stats.data.accounts.deactivated)} />
            <Stat label="status.takendown" value={n(stats.data.accounts.takendown)} />
          </div>
          <h2>{t("overview.content")}</h2>
          <div className="stats-row">
            <Stat label="overview.records" value={n(stats.data.records)} />
            <Stat label="overview.blobs" value={n(stats.data.blobs.count)} />
            <Stat label="overview.blobBytes" value={formatBytes(stats.data.blobs.bytes, n)} />
            <Stat label="overview.firehoseSubscribers" value={n(stats.data.firehose.subscribers)} />
            <Stat label="overview.lastSeq" value={n(stats.data.firehose.lastSeq)} />
          </div>
          <p className="muted">{t("overview.version", { version: stats.data.version })}</p>
        </>
      )}
      <LiveMetrics />
    </>
  );
}

function formatBytes(bytes: number, n: (x: number) => string): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${n(Math.round(value * 10) / 10)} ${units[unit]}`;
}
