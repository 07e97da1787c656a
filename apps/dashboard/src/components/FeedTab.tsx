// The community feed, newest first, loading the next page through the cursor as the end scrolls
// into view (a button does the same for keyboard users). Moderators can hide posts here.
import type {
  CommunityDefsCommunityView,
  CommunityDefsPostView,
  CommunityGetViewerStateOutput,
} from "@atrarium/lexicon";
import { useCallback, useEffect, useRef } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useFeed } from "../lib/queries.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { moderate } from "../lib/worker-writes.ts";
import { PostComposer } from "./PostComposer.tsx";
import { PostEmbed } from "./PostEmbed.tsx";
import { PostHeader, ReplyContext } from "./PostHeader.tsx";
import { PostText } from "./PostText.tsx";
import { ReactionBar } from "./ReactionBar.tsx";
import { Empty, ErrorMessage, Loading } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

export function FeedTab({
  community,
  viewer,
  canModerate,
}: {
  community: CommunityDefsCommunityView;
  viewer: CommunityGetViewerStateOutput | undefined;
  canModerate: boolean;
}) {
  const { t } = useI18n();
  const feed = useFeed(community.id);
  const end = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetching, isFetchingNextPage, fetchNextPage } = feed;
  // Never while a refetch runs: it would be cancelled, and the next page asked with the old cursor
  // glued to the old first page (after a write that changes the feed, a stale page and a wrong end).
  const loadMore = useCallback(() => fetchNextPage({ cancelRefetch: false }), [fetchNextPage]);

  useEffect(() => {
    const el = end.current;
    if (!el || !hasNextPage || isFetching) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetching, loadMore]);

  const posts = feed.data?.pages.flatMap((p) => p.posts) ?? [];
  return (
    <>
      {viewer?.member && !viewer.blocked && <PostComposer community={community} />}
      {feed.isPending ? (
        <Loading />
      ) : !feed.data ? (
        <ErrorMessage error={feed.error} retry={() => feed.refetch()} />
      ) : posts.length === 0 ? (
        <Empty>{t("feed.empty", { hashtag: community.hashtag })}</Empty>
      ) : (
        <ol className="feed" aria-label={t("feed.label")}>
          {posts.map((p) => (
            <FeedPost
              key={p.uri}
              post={p}
              community={community}
              canModerate={canModerate}
              canReact={Boolean(viewer?.member && !viewer.blocked)}
            />
          ))}
        </ol>
      )}
      <div ref={end} className="feed-end">
        {isFetchingNextPage ? (
          <Loading label={t("feed.loadingMore")} />
        ) : hasNextPage ? (
          <button type="button" className="button-secondary" onClick={loadMore} disabled={isFetching}>
            {t("action.loadMore")}
          </button>
        ) : posts.length > 0 ? (
          <p className="meta">{t("feed.end")}</p>
        ) : null}
      </div>
    </>
  );
}

function FeedPost({
  post,
  community,
  canModerate,
  canReact,
}: {
  post: CommunityDefsPostView;
  community: CommunityDefsCommunityView;
  canModerate: boolean;
  canReact: boolean;
}) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const hide = useCommunityWrite(community.id, (_, api) => moderate(api, community, "hide_post", post.uri));
  return (
    <li className="post" data-uri={post.uri}>
      <PostHeader post={post} />
      <ReplyContext reply={post.reply} />
      <PostText text={post.text} facets={post.facets} />
      {post.embed !== undefined && <PostEmbed embed={post.embed} author={post.author} />}
      <ReactionBar post={post} communityId={community.id} canReact={canReact && canWrite} />
      {canModerate && (
        <div className="post-actions">
          <button
            type="button"
            className="button-secondary button-small"
            onClick={() => hide.mutate(undefined)}
            disabled={hide.isPending || !canWrite}
          >
            {hide.isPending ? t("moderation.hiding") : t("moderation.hide")}
          </button>
          {hide.isError && <ErrorMessage error={hide.error} />}
        </div>
      )}
    </li>
  );
}
