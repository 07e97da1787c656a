// The line above a post (author and their title in the community, time, a link to open it in
// Bluesky) and, for a reply, whom it answers.
import type { CommunityDefsPostView } from "@atrarium/lexicon";
import { useI18n } from "../i18n/i18n.tsx";
import { blueskyPostUrl, parseAtUri } from "../lib/post-sources.ts";
import { Handle } from "./Handle.tsx";
import { TitlePill } from "./MemberTitle.tsx";
import { PostAuthor } from "./PostAuthor.tsx";

export function PostHeader({ post }: { post: CommunityDefsPostView }) {
  const { t, formatDate } = useI18n();
  const open = blueskyPostUrl(post.uri);
  return (
    <p className="post-meta">
      <PostAuthor did={post.author} />
      <TitlePill title={post.authorTitle} /> ·{" "}
      <time dateTime={post.createdAt}>{formatDate(post.createdAt)}</time>
      {open && (
        <>
          {" · "}
          <a href={open} target="_blank" rel="noopener noreferrer">
            {t("post.openInBluesky")}
          </a>
        </>
      )}
    </p>
  );
}

export function ReplyContext({ reply }: { reply: unknown }) {
  const { t } = useI18n();
  const parentUri = (reply as { parent?: { uri?: unknown } } | undefined)?.parent?.uri;
  const parent = typeof parentUri === "string" ? parseAtUri(parentUri) : null;
  if (!parent) return null;
  const href = blueskyPostUrl(parentUri as string);
  return (
    <p className="post-reply-context">
      {t("post.replyingTo")}{" "}
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          <Handle did={parent.did} />
        </a>
      ) : (
        <Handle did={parent.did} />
      )}
    </p>
  );
}
