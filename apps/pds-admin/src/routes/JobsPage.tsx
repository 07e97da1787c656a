// The PDS's scheduled jobs (net.atrarium.pds.admin.getJobs): each one's interval, last run with its
// outcome and items, and when it is next due. Refreshed every 10 s while the page is open, so a run
// in progress shows up and finishes without a reload.
import { useQuery } from "@tanstack/react-query";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import type { JobView } from "../lib/admin-api.ts";
import { useAdminApi } from "../lib/admin-session.tsx";

const REFRESH_MS = 10_000;

function formatInterval(ms: number, n: (x: number) => string): string {
  if (ms >= 3_600_000) return `${n(Math.round((ms / 3_600_000) * 10) / 10)} h`;
  if (ms >= 60_000) return `${n(Math.round((ms / 60_000) * 10) / 10)} min`;
  return `${n(Math.round((ms / 1000) * 10) / 10)} s`;
}

function Outcome({ job }: { job: JobView }) {
  const { t } = useI18n();
  if (job.running) return <span className="badge">{t("jobs.running")}</span>;
  if (!job.lastOutcome) return <span className="muted">{t("jobs.never")}</span>;
  const ok = job.lastOutcome === "success";
  return <span className={ok ? "http-ok" : "http-error"}>{t(ok ? "jobs.success" : "jobs.failure")}</span>;
}

export function JobsPage() {
  const { t, formatDate, formatNumber } = useI18n();
  const api = useAdminApi();
  const jobs = useQuery({
    queryKey: ["jobs"],
    queryFn: () => api.query("net.atrarium.pds.admin.getJobs", {}),
    refetchInterval: REFRESH_MS,
  });
  return (
    <>
      <h1>{t("jobs.title")}</h1>
      <p className="muted">{t("jobs.intro")}</p>
      {jobs.error && <ErrorNote error={jobs.error} />}
      {jobs.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : (
        <table className="table" data-testid="jobs">
          <thead>
            <tr>
              <th>{t("jobs.name")}</th>
              <th>{t("jobs.interval")}</th>
              <th>{t("jobs.lastRun")}</th>
              <th>{t("jobs.outcome")}</th>
              <th>{t("jobs.items")}</th>
              <th>{t("jobs.nextDue")}</th>
            </tr>
          </thead>
          <tbody>
            {(jobs.data?.jobs ?? []).map((job) => (
              <tr key={job.name} data-job={job.name}>
                <td className="code">{job.name}</td>
                <td>{formatInterval(job.intervalMs, formatNumber)}</td>
                <td>{job.lastStartedAt ? formatDate(job.lastStartedAt) : "—"}</td>
                <td>
                  <Outcome job={job} />
                  {job.lastError && <div className="muted">{job.lastError}</div>}
                </td>
                <td>{job.lastItems === undefined ? "—" : formatNumber(job.lastItems)}</td>
                <td>{formatDate(job.nextDueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
