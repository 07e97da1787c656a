// Take an account down or restore it (com.atproto.admin.updateSubjectStatus on its repoRef), with its
// current state read from getSubjectStatus. Used on the account page and next to a report.
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n/i18n.tsx";
import { useAdminApi, useMayCall } from "../lib/admin-session.tsx";
import { useAdminAction } from "../lib/use-admin-action.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

export function useSubjectStatus(did: string) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ["subjectStatus", did],
    queryFn: async () => (await api.agent.com.atproto.admin.getSubjectStatus({ did })).data,
  });
}

export function TakedownControl({ did }: { did: string }) {
  const { t } = useI18n();
  const api = useAdminApi();
  const status = useSubjectStatus(did);
  const mayCall = useMayCall();
  const takedown = useAdminAction((applied: boolean) =>
    api.agent.com.atproto.admin.updateSubjectStatus({
      subject: { $type: "com.atproto.admin.defs#repoRef", did },
      // The ref says where and when it was taken down, for whoever reads the status later.
      takedown: applied ? { applied, ref: `admin-ui:${new Date().toISOString()}` } : { applied },
    }),
  );
  if (status.error) return <ErrorNote error={status.error} />;
  if (!status.data) return <p className="muted">{t("list.loading")}</p>;
  const takenDown = status.data.takedown?.applied === true;
  // A role without takedowns (the viewer) sees the state only.
  if (!mayCall("com.atproto.admin.updateSubjectStatus"))
    return <StatusBadge status={takenDown ? "takendown" : "active"} />;
  return (
    <div className="takedown">
      {takenDown ? (
        <button type="button" disabled={takedown.isPending} onClick={() => takedown.mutate(false)}>
          {t("actions.restore")}
        </button>
      ) : (
        <button
          type="button"
          className="button-danger"
          disabled={takedown.isPending}
          onClick={() => takedown.mutate(true)}
        >
          {t("actions.takedown")}
        </button>
      )}
      {takedown.error ? (
        <ErrorNote error={takedown.error} />
      ) : (
        takedown.isSuccess && (
          <p className="success" role="status">
            {t(takedown.variables ? "actions.takenDown" : "actions.restored")}
          </p>
        )
      )}
    </div>
  );
}
