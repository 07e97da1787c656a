// Every call that presented an admin credential, newest first: who (name and role, when the credential
// was valid), method, HTTP status, what it named.
import { isAdminRole } from "@atrarium/lexicon";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi } from "../lib/admin-session.tsx";
import { useCursorPages } from "../lib/cursor-pages.ts";

export function AuditLogPage() {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const list = useCursorPages(
    ["audit"],
    (page) => api.query("net.atrarium.pds.admin.listAuditLog", page),
    (p) => p.entries,
  );
  const entries = list.items;

  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      {list.error && <ErrorNote error={list.error} />}
      {list.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{t("audit.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("audit.time")}</th>
              <th>{t("audit.admin")}</th>
              <th>{t("audit.method")}</th>
              <th>{t("audit.status")}</th>
              <th>{t("audit.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.createdAt)}</td>
                <td>
                  {e.adminName
                    ? t("audit.adminAs", {
                        name: e.adminName,
                        role: isAdminRole(e.adminRole) ? t(`role.${e.adminRole}`) : (e.adminRole ?? "—"),
                      })
                    : "—"}
                </td>
                <td className="code">{e.nsid}</td>
                <td>
                  <span className={e.status < 400 ? "http-ok" : "http-error"}>{e.status}</span>
                </td>
                <td className="did">{e.subject ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...list} />
    </>
  );
}
