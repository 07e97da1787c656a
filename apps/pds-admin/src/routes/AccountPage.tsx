// One account: what the PDS knows of it (getAccountInfo), whether it is taken down (getSubjectStatus),
// the admin's actions on it, and the labels this server puts on it as a labeler.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "@tanstack/react-router";
import { AccountActions } from "../components/AccountActions.tsx";
import { ErrorNote } from "../components/ErrorNote.tsx";
import { LabelForm } from "../components/LabelForm.tsx";
import { LabelList } from "../components/LabelList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useSubjectStatus } from "../components/TakedownControl.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import type { AccountStatus } from "../lib/admin-api.ts";
import { useAdminApi } from "../lib/admin-session.tsx";

export function AccountPage() {
  const { t, formatDate } = useI18n();
  const api = useAdminApi();
  const { did } = useParams({ from: "/accounts/$did" });
  const info = useQuery({
    queryKey: ["account", did],
    queryFn: async () => (await api.agent.com.atproto.admin.getAccountInfo({ did })).data,
  });
  const subject = useSubjectStatus(did);
  const takenDown = subject.data?.takedown?.applied === true;
  const status: AccountStatus = takenDown ? "takendown" : info.data?.deactivatedAt ? "deactivated" : "active";

  return (
    <>
      <p className="breadcrumb">
        <Link to="/accounts">{t("nav.accounts")}</Link>
      </p>
      {info.error && <ErrorNote error={info.error} />}
      {info.isPending && <p className="muted">{t("list.loading")}</p>}
      {info.data && (
        <>
          <div className="title-row">
            <h1>@{info.data.handle}</h1>
            {subject.data && <StatusBadge status={status} />}
          </div>
          <dl className="facts">
            <dt>{t("account.did")}</dt>
            <dd className="did">{info.data.did}</dd>
            <dt>{t("account.email")}</dt>
            <dd>
              <span data-testid="account-email">{info.data.email ?? "—"}</span>{" "}
              {info.data.email && (
                <span className="muted">
                  {info.data.emailConfirmedAt ? t("account.emailConfirmed") : t("account.emailUnconfirmed")}
                </span>
              )}
            </dd>
            <dt>{t("account.created")}</dt>
            <dd>{formatDate(info.data.indexedAt)}</dd>
            {info.data.deactivatedAt && (
              <>
                <dt>{t("account.deactivatedAt")}</dt>
                <dd>{formatDate(info.data.deactivatedAt)}</dd>
              </>
            )}
            {takenDown && subject.data?.takedown?.ref && (
              <>
                <dt>{t("account.takedownRef")}</dt>
                <dd>{subject.data.takedown.ref}</dd>
              </>
            )}
            <dt>{t("account.invites")}</dt>
            <dd>
              {info.data.invitesDisabled ? t("account.invitesDisabled") : t("account.invitesEnabled")}
              {info.data.invitedBy && (
                <span className="muted">
                  {" "}
                  · {t("account.invitedWith", { code: info.data.invitedBy.code })}
                </span>
              )}
            </dd>
          </dl>
          {subject.error && <ErrorNote error={subject.error} />}
          <AccountActions account={info.data} />
          <section className="card" aria-label={t("labels.title")}>
            <h2>{t("labels.title")}</h2>
            <LabelList uriPatterns={[did]} showSubject={false} />
            <LabelForm subject={did} />
          </section>
        </>
      )}
    </>
  );
}
