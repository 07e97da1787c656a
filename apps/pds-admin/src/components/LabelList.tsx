// The labels this server has in force (com.atproto.label.queryLabels: applied, not negated, not
// expired) on the URIs matching `uriPatterns`, each with a button that negates it (for the roles that
// may label).
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useCursorPages } from "../lib/cursor-pages.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { EMIT_LABELS, useEmitLabel } from "./LabelForm.tsx";
import { LoadMore } from "./LoadMore.tsx";

export function LabelList({ uriPatterns, showSubject }: { uriPatterns: string[]; showSubject: boolean }) {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const list = useCursorPages(
    ["labels", ...uriPatterns],
    async (page) => (await api.agent.com.atproto.label.queryLabels({ uriPatterns, ...page })).data,
    (p) => p.labels,
  );
  const emit = useEmitLabel();
  // A viewer sees the labels without the negate buttons (the server refuses them anyway).
  const mayLabel = useMayCall()(EMIT_LABELS);
  const labels = list.items;
  return (
    <>
      {list.error && <ErrorNote error={list.error} />}
      {emit.error && <ErrorNote error={emit.error} />}
      {list.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : labels.length === 0 ? (
        <p className="muted">{t("labels.none")}</p>
      ) : (
        <table className="table" aria-label={t("labels.current")}>
          <thead>
            <tr>
              {showSubject && <th>{t("labels.subject")}</th>}
              <th>{t("labels.value")}</th>
              <th>{t("labels.created")}</th>
              <th>{t("labels.expires")}</th>
              {mayLabel && (
                <th>
                  <span className="visually-hidden">{t("invites.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {labels.map((l) => (
              <tr key={`${l.uri} ${l.cid ?? ""} ${l.val}`}>
                {showSubject && <td className="did">{l.uri}</td>}
                <td className="code">{l.val}</td>
                <td>{formatDate(l.cts)}</td>
                <td>{l.exp ? formatDate(l.exp) : "—"}</td>
                {mayLabel && (
                  <td>
                    <button
                      type="button"
                      className="button-secondary small"
                      aria-label={t("labels.negateOne", { value: l.val, subject: l.uri })}
                      disabled={emit.isPending}
                      onClick={() => emit.mutate({ subject: l.uri, value: l.val, negate: true })}
                    >
                      {t("labels.negate")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...list} />
    </>
  );
}
