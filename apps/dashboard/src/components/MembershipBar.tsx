// The viewer's standing in the community, with join / leave (through the Worker), and the prompt to let
// Atrarium write when this browser cannot yet (it covers the moderation buttons below too).
import type { CommunityDefsCommunityView, CommunityGetViewerStateOutput } from "@atrarium/lexicon";
import type { UseQueryResult } from "@tanstack/react-query";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { INVITE_ONLY } from "../lib/member-access.ts";
import { useSession } from "../lib/session.tsx";
import { useCommunityWrite } from "../lib/use-write.ts";
import { setMembership } from "../lib/worker-writes.ts";
import { SignInPrompt } from "./SignInPrompt.tsx";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady, WorkerAccessPrompt } from "./WorkerAccessPrompt.tsx";

const ROLE: Record<string, MessageKey> = {
  owner: "membership.youAreOwner",
  moderator: "membership.youAreModerator",
  member: "membership.youAreMember",
};

export function MembershipBar({
  community,
  viewer,
}: {
  community: CommunityDefsCommunityView;
  viewer: UseQueryResult<CommunityGetViewerStateOutput>;
}) {
  const { t } = useI18n();
  const { state } = useSession();
  const canWrite = useWorkerWritesReady();
  const join = useCommunityWrite(community.id, (_, api, active: boolean) =>
    setMembership(api, community, active),
  );
  if (state.status !== "signed-in") return <SignInPrompt redirect={`/communities/${community.id}`} />;
  if (viewer.isPending) return null;
  if (!viewer.data) return <ErrorMessage error={viewer.error} retry={() => viewer.refetch()} />;
  const v = viewer.data;
  const moderates = v.role === "owner" || v.role === "moderator";
  const inviteOnly = community.accessType === INVITE_ONLY;
  return (
    <>
      <div className="membership-bar">
        {v.blocked ? (
          <p className="badge badge-danger">{t("membership.youAreBlocked")}</p>
        ) : v.member && v.role && ROLE[v.role] ? (
          <p className="badge">{t(ROLE[v.role])}</p>
        ) : v.pending ? (
          <p className="badge" data-testid="join-request-sent">
            {t("membership.requestSent")}
          </p>
        ) : (
          <p>{t("membership.notMember")}</p>
        )}
        {canWrite && !v.member && !v.blocked && !v.pending && (
          <button type="button" onClick={() => join.mutate(true)} disabled={join.isPending}>
            {join.isPending
              ? t("membership.joining")
              : inviteOnly
                ? t("membership.requestToJoin")
                : t("membership.join")}
          </button>
        )}
        {canWrite && v.pending && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => join.mutate(false)}
            disabled={join.isPending}
          >
            {t("membership.withdrawRequest")}
          </button>
        )}
        {canWrite && v.member && v.role === "member" && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => join.mutate(false)}
            disabled={join.isPending}
          >
            {join.isPending ? t("membership.leaving") : t("membership.leave")}
          </button>
        )}
        {join.isError && <ErrorMessage error={join.error} />}
      </div>
      {!canWrite && (!v.blocked || moderates) && <WorkerAccessPrompt />}
    </>
  );
}
