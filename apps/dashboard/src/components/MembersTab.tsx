// Members with their effective roles (from the owner's config, never self-asserted) and their badges;
// picking one opens their profile card. Owners and moderators can block and unblock members here.
import type { CommunityDefsCommunityView, CommunityDefsMemberView } from "@atrarium/lexicon";
import { useState } from "react";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useMembers } from "../lib/queries.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { moderate } from "../lib/worker-writes.ts";
import { BadgeIds } from "./Badges.tsx";
import { Handle } from "./Handle.tsx";
import { JoinRequests } from "./JoinRequests.tsx";
import { MemberCard } from "./MemberCard.tsx";
import { TitleEditor, TitlePill } from "./MemberTitle.tsx";
import { Empty, ErrorMessage, Loading } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

const ROLE: Record<string, MessageKey> = {
  owner: "role.owner",
  moderator: "role.moderator",
  member: "role.member",
};

export function MembersTab({
  community,
  canModerate,
}: {
  community: CommunityDefsCommunityView;
  canModerate: boolean;
}) {
  const { t } = useI18n();
  const members = useMembers(community.id);
  const [picked, setPicked] = useState<string | null>(null);
  if (members.isPending) return <Loading />;
  if (!members.data) return <ErrorMessage error={members.error} retry={() => members.refetch()} />;
  const list = members.data.pages.flatMap((p) => p.members);
  if (list.length === 0) return <Empty>{t("members.empty")}</Empty>;
  const card = list.find((m) => m.did === picked);
  return (
    <>
      {canModerate && <JoinRequests community={community} />}
      {card && (
        <MemberCard
          communityId={community.id}
          member={card}
          roleLabel={ROLE[card.role] ? t(ROLE[card.role] as MessageKey) : card.role}
          onClose={() => setPicked(null)}
        />
      )}
      <table className="table">
        <caption className="visually-hidden">{t("members.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("members.who")}</th>
            <th scope="col">{t("members.role")}</th>
            <th scope="col">{t("members.joined")}</th>
            {canModerate && <th scope="col">{t("members.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {list.map((m) => (
            <MemberRow
              key={m.did}
              member={m}
              community={community}
              canModerate={canModerate}
              onPick={() => setPicked(m.did)}
            />
          ))}
        </tbody>
      </table>
      {members.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => members.fetchNextPage({ cancelRefetch: false })}
        >
          {t("action.loadMore")}
        </button>
      )}
    </>
  );
}

function MemberRow({
  member,
  community,
  canModerate,
  onPick,
}: {
  member: CommunityDefsMemberView;
  community: CommunityDefsCommunityView;
  canModerate: boolean;
  onPick: () => void;
}) {
  const { t, formatDate } = useI18n();
  const canWrite = useWorkerWritesReady();
  const block = useCommunityWrite(community.id, (_, api, blocked: boolean) =>
    moderate(api, community, blocked ? "block_user" : "unblock_user", member.did),
  );
  const role = ROLE[member.role];
  return (
    <tr data-did={member.did}>
      <td>
        <button type="button" className="link-button" onClick={onPick} title={t("achievement.card")}>
          <Handle did={member.did} />
        </button>
        <TitlePill title={member.title} />
        {member.blocked && <span className="badge badge-danger">{t("members.blocked")}</span>}
        <BadgeIds scope="member" ids={member.achievements} />
      </td>
      <td>{role ? t(role) : member.role}</td>
      <td>{member.joinedAt ? formatDate(member.joinedAt) : "—"}</td>
      {canModerate && (
        <td>
          {member.role === "member" && (
            <button
              type="button"
              className="button-secondary button-small"
              disabled={block.isPending || !canWrite}
              onClick={() => block.mutate(!member.blocked)}
            >
              {member.blocked ? t("moderation.unblock") : t("moderation.block")}
            </button>
          )}
          <TitleEditor communityId={community.id} did={member.did} current={member.title} />
          {block.isError && <ErrorMessage error={block.error} />}
        </td>
      )}
    </tr>
  );
}
