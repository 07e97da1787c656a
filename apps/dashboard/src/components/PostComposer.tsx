// Compose a post into the community: an app.bsky.feed.post in the user's repo carrying the hashtag
// with a tag facet.
import type { CommunityDefsCommunityView } from "@atrarium/lexicon";
import { type FormEvent, useId, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { createPost } from "../lib/records.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { ErrorMessage } from "./Status.tsx";

const MAX_CHARS = 280;

export function PostComposer({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState("");
  const post = useCommunityWrite(community.id, (s, api, body: string) =>
    createPost(s.agent, api, community, body),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    post.mutate(text, { onSuccess: () => setText("") });
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id}>{t("composer.label")}</label>
      <textarea
        id={id}
        name="post"
        rows={3}
        maxLength={MAX_CHARS}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        {t("composer.hint", { hashtag: community.hashtag })}
      </p>
      {post.isError && <ErrorMessage error={post.error} />}
      {post.isSuccess && (
        <p className="notice notice-success" role="status">
          {t("composer.posted")}
        </p>
      )}
      <button type="submit" disabled={post.isPending || text.trim() === ""}>
        {post.isPending ? t("composer.posting") : t("composer.submit")}
      </button>
    </form>
  );
}
