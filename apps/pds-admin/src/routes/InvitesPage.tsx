// Invite codes, newest first (com.atproto.admin.getInviteCodes), each with its uses; a code can be
// disabled (disableInviteCodes).
import { AccountLink } from "../components/AccountLink.tsx";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useCursorPages } from "../lib/cursor-pages.ts";
import { useAdminAction } from "../lib/use-admin-action.ts";
import { useHandles } from "../lib/use-handles.ts";

export function InvitesPage() {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const admin = api.agent.com.atproto.admin;
  const list = useCursorPages(
    ["invites"],
    async (page) => (await admin.getInviteCodes({ sort: "recent", ...page })).data,
    (p) => p.codes,
  );
  const mayDisable = useMayCall()("com.atproto.admin.disableInviteCodes");
  const disable = useAdminAction((code: string) => admin.disableInviteCodes({ codes: [code] }));
  const codes = list.items;
  const handles = useHandles(codes.map((c) => (c.forAccount.startsWith("did:") ? c.forAccount : null)));

  return (
    <>
      <h1>{t("invites.title")}</h1>
      {list.error && <ErrorNote error={list.error} />}
      {disable.error && <ErrorNote error={disable.error} />}
      {list.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : codes.length === 0 ? (
        <p className="muted">{t("invites.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("invites.code")}</th>
              <th>{t("invites.forAccount")}</th>
              <th>{t("invites.uses")}</th>
              <th>{t("invites.created")}</th>
              <th>
                <span className="visually-hidden">{t("invites.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => (
              <tr key={c.code}>
                <td className="code">{c.code}</td>
                <td>
                  {c.forAccount.startsWith("did:") ? (
                    <AccountLink did={c.forAccount} handle={handles.get(c.forAccount)} />
                  ) : (
                    c.forAccount
                  )}
                </td>
                <td>{t("invites.usesOf", { used: c.uses.length, available: c.available })}</td>
                <td>{formatDate(c.createdAt)}</td>
                <td>
                  {c.disabled ? (
                    <span className="badge badge-deactivated">{t("invites.disabled")}</span>
                  ) : (
                    mayDisable && (
                      <button
                        type="button"
                        className="button-secondary small"
                        disabled={disable.isPending}
                        onClick={() => disable.mutate(c.code)}
                      >
                        {t("invites.disable")}
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...list} />
    </>
  );
}
