// Account search: a handle or email substring, or a DID prefix; every account when empty.
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi } from "../lib/admin-session.tsx";
import { useCursorPages } from "../lib/cursor-pages.ts";

export function AccountsPage() {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const { q } = useSearch({ from: "/accounts" });
  const navigate = useNavigate();
  const [draft, setDraft] = useState(q ?? "");
  const results = useCursorPages(
    ["accounts", q ?? ""],
    (page) => api.query("net.atrarium.pds.admin.searchAccounts", { q, ...page }),
    (p) => p.accounts,
  );
  const accounts = results.items;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = draft.trim();
    void navigate({ to: "/accounts", search: next ? { q: next } : {} });
  };

  return (
    <>
      <h1>{t("accounts.title")}</h1>
      <search>
        <form className="search-form" onSubmit={submit}>
          <label className="grow">
            <span className="visually-hidden">{t("accounts.search")}</span>
            <input
              type="search"
              value={draft}
              placeholder={t("accounts.searchPlaceholder")}
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <button type="submit">{t("accounts.search")}</button>
        </form>
      </search>
      {results.error && <ErrorNote error={results.error} />}
      {results.isPending ? (
        <p className="muted">{t("list.loading")}</p>
      ) : accounts.length === 0 ? (
        <p className="muted">{t("accounts.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("account.handle")}</th>
              <th>{t("account.email")}</th>
              <th>{t("account.status")}</th>
              <th>{t("account.created")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.did}>
                <td>
                  <Link to="/accounts/$did" params={{ did: a.did }}>
                    @{a.handle}
                  </Link>
                  <div className="did">{a.did}</div>
                </td>
                <td>{a.email ?? "—"}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>{formatDate(a.indexedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore {...results} />
    </>
  );
}
