// For owners and moderators: posts currently hidden (the latest counted action on them is a hide),
// each with unhide, and the moderation log, newest first.
import type { CommunityDefsCommunityView, ModerationDefsActionView } from "@atrarium/lexicon";
import { useQuery } from "@tanstack/react-query";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useConfig } from "../lib/config-context.tsx";
import { pdsEndpoint, resolveDid } from "../lib/identity.ts";
import { useModerationLog } from "../lib/queries.ts";
import { repoOf, rkeyOf } from "../lib/records.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { moderate } from "../lib/worker-writes.ts";
import { Handle } from "./Handle.tsx";
import { Empty, ErrorMessage, Loading } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

const ACTION: Record<string, MessageKey> = {
  hide_post: "moderation.action.hide_post",
  unhide_post: "moderation.action.unhide_post",
  block_user: "moderation.action.block_user",
  unblock_user: "moderation.action.unblock_user",
  approve_emoji: "moderation.action.approve_emoji",
  reject_emoji: "moderation.action.reject_emoji",
};

// Targets whose latest counted action (the log is newest first) is a hide.
export function hiddenPosts(actions: ModerationDefsActionView[]): ModerationDefsActionView[] {
  const seen = new Set<string>();
  const hidden: ModerationDefsActionView[] = [];
  for (const a of actions) {
    if (!a.counted || (a.action !== "hide_post" && a.action !== "unhide_post") || seen.has(a.target))
      continue;
    seen.add(a.target);
    if (a.action === "hide_post") hidden.push(a);
  }
  return hidden;
}

export function ModerationTab({ community }: { community: CommunityDefsCommunityView }) {
  const { t, formatDate } = useI18n();
  const log = useModerationLog(community.id, true);
  if (log.isPending) return <Loading />;
  if (!log.data) return <ErrorMessage error={log.error} retry={() => log.refetch()} />;
  const actions = log.data.pages.flatMap((p) => p.actions);
  const hidden = hiddenPosts(actions);
  return (
    <>
      <h2>{t("moderation.hiddenTitle")}</h2>
      {hidden.length === 0 ? (
        <Empty>{t("moderation.hiddenEmpty")}</Empty>
      ) : (
        <ul className="feed">
          {hidden.map((a) => (
            <HiddenPost key={a.target} uri={a.target} community={community} />
          ))}
        </ul>
      )}
      <h2>{t("moderation.logTitle")}</h2>
      {actions.length === 0 ? (
        <Empty>{t("moderation.logEmpty")}</Empty>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("moderation.logTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("moderation.when")}</th>
              <th scope="col">{t("moderation.by")}</th>
              <th scope="col">{t("moderation.what")}</th>
              <th scope="col">{t("moderation.target")}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.uri} className={a.counted ? undefined : "not-counted"}>
                <td>{formatDate(a.createdAt)}</td>
                <td>
                  <Handle did={a.author} />
                </td>
                <td>
                  {ACTION[a.action] ? t(ACTION[a.action]) : a.action}
                  {!a.counted && <span className="badge">{t("moderation.notCounted")}</span>}
                  {a.reason && <p className="small">{a.reason}</p>}
                </td>
                <td>
                  {a.target.startsWith("did:") ? <Handle did={a.target} /> : <PostRef uri={a.target} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => log.fetchNextPage({ cancelRefetch: false })}
        >
          {t("action.loadMore")}
        </button>
      )}
    </>
  );
}

// A post's text, read from its author's own PDS (the index only serves visible posts).
function usePostText(uri: string) {
  const cfg = useConfig();
  return useQuery({
    queryKey: ["post", uri],
    queryFn: async () => {
      const pds = pdsEndpoint(await resolveDid(cfg, repoOf(uri)));
      const url = new URL("/xrpc/com.atproto.repo.getRecord", pds);
      url.searchParams.set("repo", repoOf(uri));
      url.searchParams.set("collection", "app.bsky.feed.post");
      url.searchParams.set("rkey", rkeyOf(uri));
      const res = await fetch(url);
      if (!res.ok) throw new Error(`getRecord ${res.status}`);
      const body = (await res.json()) as { value?: { text?: unknown } };
      return typeof body.value?.text === "string" ? body.value.text : "";
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

function PostRef({ uri }: { uri: string }) {
  const text = usePostText(uri);
  return <span className="small">{text.data ?? uri}</span>;
}

function HiddenPost({ uri, community }: { uri: string; community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const text = usePostText(uri);
  const canWrite = useWorkerWritesReady();
  const unhide = useCommunityWrite(community.id, (_, api) => moderate(api, community, "unhide_post", uri));
  return (
    <li className="post post-hidden" data-uri={uri}>
      <p className="post-meta">
        <Handle did={repoOf(uri)} />
      </p>
      <p className="post-text">{text.data ?? (text.isError ? uri : t("state.loading"))}</p>
      <div className="post-actions">
        <button
          type="button"
          className="button-secondary button-small"
          disabled={unhide.isPending || !canWrite}
          onClick={() => unhide.mutate(undefined)}
        >
          {unhide.isPending ? t("moderation.unhiding") : t("moderation.unhide")}
        </button>
        {unhide.isError && <ErrorMessage error={unhide.error} />}
      </div>
    </li>
  );
}
