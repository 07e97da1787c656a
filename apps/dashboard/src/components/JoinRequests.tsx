// For the owner and moderators of an invite-only community, above the member list: the pending join
// requests with Approve / Reject, and a form to invite someone by handle or DID (their join is then
// accepted without a request). Each decision is a moderation action in the moderator's own repo.
import type { CommunityDefsCommunityView, CommunityListRequestsRequestView } from "@atrarium/lexicon";
import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useConfig } from "../lib/config-context.tsx";
import { normalizeHandle, resolveHandle } from "../lib/identity.ts";
import { decideMember, INVITE_ONLY, type MemberDecision, useJoinRequests } from "../lib/member-access.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { Handle } from "./Handle.tsx";
import { ErrorMessage, Loading } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

export function JoinRequests({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const inviteOnly = community.accessType === INVITE_ONLY;
  const requests = useJoinRequests(community.id, inviteOnly);
  if (!inviteOnly) return null;
  const list = requests.data?.pages.flatMap((p) => p.requests) ?? [];
  return (
    <section className="join-requests" aria-labelledby="join-requests-title" data-testid="join-requests">
      <h2 id="join-requests-title">{t("requests.title")}</h2>
      {requests.isPending ? (
        <Loading />
      ) : !requests.data ? (
        <ErrorMessage error={requests.error} retry={() => requests.refetch()} />
      ) : list.length === 0 ? (
        <p className="meta">{t("requests.empty")}</p>
      ) : (
        <ul className="request-list">
          {list.map((r) => (
            <RequestRow key={r.did} communityId={community.id} request={r} />
          ))}
        </ul>
      )}
      {requests.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => requests.fetchNextPage({ cancelRefetch: false })}
        >
          {t("action.loadMore")}
        </button>
      )}
      <InviteForm communityId={community.id} />
    </section>
  );
}

function RequestRow({
  communityId,
  request,
}: {
  communityId: string;
  request: CommunityListRequestsRequestView;
}) {
  const { t, formatDate } = useI18n();
  const canWrite = useWorkerWritesReady();
  const decide = useCommunityWrite(communityId, (_, api, decision: MemberDecision) =>
    decideMember(api, communityId, decision, request.did),
  );
  return (
    <li data-did={request.did} data-testid="join-request">
      <Handle did={request.did} /> <span className="meta">{formatDate(request.joinedAt)}</span>{" "}
      <button type="button" disabled={decide.isPending || !canWrite} onClick={() => decide.mutate("approve")}>
        {t("requests.approve")}
      </button>{" "}
      <button
        type="button"
        className="button-secondary"
        disabled={decide.isPending || !canWrite}
        onClick={() => decide.mutate("reject")}
      >
        {t("requests.reject")}
      </button>
      {decide.isError && <ErrorMessage error={decide.error} />}
    </li>
  );
}

function InviteForm({ communityId }: { communityId: string }) {
  const { t } = useI18n();
  const cfg = useConfig();
  const canWrite = useWorkerWritesReady();
  const [who, setWho] = useState("");
  const invite = useCommunityWrite(communityId, async (_, api, input: string) => {
    const did = input.startsWith("did:") ? input : await resolveHandle(cfg, normalizeHandle(input));
    await decideMember(api, communityId, "invite", did);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(who.trim(), { onSuccess: () => setWho("") });
  };
  return (
    <form className="form invite-form" onSubmit={submit}>
      <label>
        {t("requests.inviteLabel")}
        <input
          name="invite"
          value={who}
          onChange={(e) => setWho(e.target.value)}
          placeholder="alice.example.com"
        />
      </label>
      {invite.isError && <ErrorMessage error={invite.error} />}
      {invite.isSuccess && (
        <p className="notice notice-success" role="status">
          {t("requests.invited")}
        </p>
      )}
      <button type="submit" disabled={invite.isPending || !canWrite || who.trim() === ""}>
        {t("requests.invite")}
      </button>
    </form>
  );
}
