// The report queue: reports sent by this PDS's users (com.atproto.moderation.createReport kept locally),
// open ones oldest first. Opening one shows its subject with the takedown control and the resolve form.
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { AccountLink } from "../components/AccountLink.tsx";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { TakedownControl } from "../components/TakedownControl.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import type { ReportView } from "../lib/admin-api.ts";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useCursorPages } from "../lib/cursor-pages.ts";
import { reportTarget, shortReason } from "../lib/report-subject.ts";
import { useAdminAction } from "../lib/use-admin-action.ts";
import { useHandles } from "../lib/use-handles.ts";

function ResolveForm({ report }: { report: ReportView }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const [note, setNote] = useState("");
  const resolve = useAdminAction((text: string) =>
    api.procedure("net.atrarium.pds.admin.resolveReport", { id: report.id, note: text }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolve.mutate(note.trim());
  };
  return (
    <form className="form" onSubmit={submit}>
      <label>
        {t("reports.resolutionNote")}
        <textarea required maxLength={2000} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {resolve.error && <ErrorNote error={resolve.error} />}
      <button type="submit" disabled={resolve.isPending || note.trim() === ""}>
        {t("reports.resolve")}
      </button>
    </form>
  );
}

function ReportDetail(props: {
  report: ReportView;
  handles: ReadonlyMap<string, string>;
  onClose: () => void;
}) {
  const { report, handles, onClose } = props;
  const { t, formatDate } = useI18n();
  const target = reportTarget(report.subject);
  const mayCall = useMayCall();
  return (
    <section className="panel report-detail" aria-labelledby="report-title">
      <div className="title-row">
        <h2 id="report-title">{t("reports.report", { id: report.id })}</h2>
        <button type="button" className="button-secondary" onClick={onClose}>
          {t("reports.close")}
        </button>
      </div>
      <dl className="facts">
        <dt>{t("reports.reason")}</dt>
        <dd>
          <span className="tag">{shortReason(report.reasonType)}</span> {report.reason}
        </dd>
        <dt>{t("reports.subject")}</dt>
        <dd>
          {target.did ? <AccountLink did={target.did} handle={handles.get(target.did)} /> : "—"}
          {target.uri && <div className="did">{target.uri}</div>}
        </dd>
        <dt>{t("reports.reportedBy")}</dt>
        <dd>
          <AccountLink did={report.reportedBy} handle={handles.get(report.reportedBy)} />
        </dd>
        <dt>{t("reports.created")}</dt>
        <dd>{formatDate(report.createdAt)}</dd>
        {report.resolvedAt && (
          <>
            <dt>{t("reports.resolvedAt")}</dt>
            <dd>{formatDate(report.resolvedAt)}</dd>
            <dt>{t("reports.resolutionNote")}</dt>
            <dd>{report.resolutionNote}</dd>
          </>
        )}
      </dl>
      {target.did && (
        <>
          <h3>{t("reports.subjectAccount")}</h3>
          <TakedownControl did={target.did} />
        </>
      )}
      {!report.resolvedAt && mayCall("net.atrarium.pds.admin.resolveReport") && (
        <>
          <h3>{t("reports.resolveTitle")}</h3>
          <ResolveForm report={report} />
        </>
      )}
    </section>
  );
}

function ReportSubjectCell(props: { subject: unknown; handles: ReadonlyMap<string, string> }) {
  const target = reportTarget(props.subject);
  const handle = target.did ? props.handles.get(target.did) : undefined;
  return (
    <>
      {handle ? `@${handle}` : <span className="did">{target.did ?? "—"}</span>}
      {target.uri && <div className="did">{target.uri}</div>}
    </>
  );
}

export function ReportsPage() {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const { state = "open", report: openId } = useSearch({ from: "/reports" });
  const navigate = useNavigate();
  const list = useCursorPages(
    ["reports", state],
    (page) => api.query("net.atrarium.pds.admin.listReports", { state, ...page }),
    (p) => p.reports,
  );
  const reports = list.items;
  const opened = reports.find((r) => r.id === openId);
  const handles = useHandles(reports.flatMap((r) => [reportTarget(r.subject).did, r.reportedBy]));
  const stateSearch = state === "resolved" ? { state } : {};

  return (
    <>
      <h1>{t("reports.title")}</h1>
      {/* The router would call the open tab current whatever the search (a partial match of {}):
          exact matching, and the tab of the state shown marked here, report open or not. */}
      <nav className="tabs" aria-label={t("reports.state")}>
        <Link
          to="/reports"
          search={{}}
          activeOptions={{ exact: true }}
          aria-current={state === "open" ? "page" : undefined}
        >
          {t("reports.open")}
        </Link>
        <Link
          to="/reports"
          search={{ state: "resolved" }}
          activeOptions={{ exact: true }}
          aria-current={state === "resolved" ? "page" : undefined}
        >
          {t("reports.resolved")}
        </Link>
      </nav>
      {list.error && <ErrorNote error={list.error} />}
      {opened && (
        <ReportDetail
          report={opened}
          handles={handles}
          onClose={() => navigate({ to: "/reports", search: stateSearch })}
        />
      )}
      {list.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : reports.length === 0 ? (
        <p className="muted">{state === "open" ? t("reports.noneOpen") : t("reports.noneResolved")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("reports.reason")}</th>
              <th>{t("reports.subject")}</th>
              <th>{t("reports.created")}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} className={r.id === openId ? "selected" : undefined}>
                <td>
                  <Link to="/reports" search={{ ...stateSearch, report: r.id }}>
                    {t("reports.report", { id: r.id })}
                  </Link>
                </td>
                <td>
                  <span className="tag">{shortReason(r.reasonType)}</span>{" "}
                  <span className="clip">{r.reason}</span>
                </td>
                <td>
                  <ReportSubjectCell subject={r.subject} handles={handles} />
                </td>
                <td>{formatDate(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...list} />
    </>
  );
}
