// The community's custom emoji: the approved set for everyone; for members and staff a form to upload
// an image (PNG, WebP or GIF up to 256 KiB, straight to their own PDS) and propose it under a
// shortcode; for the owner and moderators the pending proposals with Approve / Reject.
import type { CommunityDefsCommunityView, CommunityDefsEmojiView } from "@atrarium/lexicon";
import { SHORTCODE_PATTERN } from "@atrarium/lexicon";
import { type FormEvent, useId, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { decideEmoji, EmojiFileError, proposeEmoji, useEmojiList } from "../lib/reactions.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { EmojiImage } from "./EmojiImage.tsx";
import { Handle } from "./Handle.tsx";
import { Empty, ErrorMessage, Loading } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

export function EmojiTab({
  community,
  canPropose,
  canModerate,
}: {
  community: CommunityDefsCommunityView;
  canPropose: boolean;
  canModerate: boolean;
}) {
  const { t } = useI18n();
  const approved = useEmojiList(community.id, "approved");
  return (
    <>
      <h2>{t("emoji.approved")}</h2>
      <EmojiList list={approved} empty={t("emoji.noneApproved")} />
      {canPropose && <ProposeForm community={community} />}
      {canModerate && <PendingEmoji community={community} />}
    </>
  );
}

function EmojiList({
  list,
  empty,
  actions,
}: {
  list: ReturnType<typeof useEmojiList>;
  empty: string;
  actions?: (e: CommunityDefsEmojiView) => React.ReactNode;
}) {
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorMessage error={list.error} retry={() => list.refetch()} />;
  if (list.data.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="emoji-list">
      {list.data.map((e) => (
        <li key={e.uri} data-testid={`emoji-${e.shortcode}`}>
          <EmojiImage emoji={e} size={32} /> <code>:{e.shortcode}:</code> <Handle did={e.author} />
          {actions?.(e)}
        </li>
      ))}
    </ul>
  );
}

function ProposeForm({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const id = useId();
  const canWrite = useWorkerWritesReady();
  const [shortcode, setShortcode] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const propose = useCommunityWrite(community.id, (s, api, vars: { shortcode: string; file: File }) =>
    proposeEmoji(s.agent, api, community.id, vars.shortcode, vars.file),
  );
  const validCode = SHORTCODE_PATTERN.test(shortcode);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file || !validCode) return;
    propose.mutate({ shortcode, file }, { onSuccess: () => setShortcode("") });
  };
  const fileProblem =
    propose.error instanceof EmojiFileError
      ? t(propose.error.reason === "type" ? "emoji.badType" : "emoji.tooLarge")
      : null;
  return (
    <form className="form" onSubmit={submit}>
      <h2>{t("emoji.propose")}</h2>
      <label htmlFor={`${id}-code`}>{t("emoji.shortcode")}</label>
      <input
        id={`${id}-code`}
        name="shortcode"
        value={shortcode}
        onChange={(e) => setShortcode(e.target.value.toLowerCase())}
        aria-describedby={`${id}-hint`}
        maxLength={32}
      />
      <p id={`${id}-hint`} className="hint">
        {t("emoji.hint")}
      </p>
      <label htmlFor={`${id}-file`}>{t("emoji.image")}</label>
      <input
        id={`${id}-file`}
        name="image"
        type="file"
        accept="image/png,image/webp,image/gif"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      {fileProblem ? (
        <p className="notice notice-error" role="alert">
          {fileProblem}
        </p>
      ) : (
        propose.isError && <ErrorMessage error={propose.error} />
      )}
      {propose.isSuccess && (
        <p className="notice notice-success" role="status">
          {t("emoji.proposed")}
        </p>
      )}
      <button type="submit" disabled={!canWrite || !file || !validCode || propose.isPending}>
        {propose.isPending ? t("emoji.proposing") : t("emoji.submit")}
      </button>
    </form>
  );
}

function PendingEmoji({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const pending = useEmojiList(community.id, "pending");
  const decide = useCommunityWrite(community.id, (_, api, vars: { uri: string; approve: boolean }) =>
    decideEmoji(api, community.id, vars.uri, vars.approve),
  );
  return (
    <>
      <h2>{t("emoji.pending")}</h2>
      <EmojiList
        list={pending}
        empty={t("emoji.nonePending")}
        actions={(e) => (
          <span className="post-actions">
            <button
              type="button"
              className="button-small"
              aria-label={t("emoji.approveNamed", { shortcode: e.shortcode })}
              disabled={!canWrite || decide.isPending}
              onClick={() => decide.mutate({ uri: e.uri, approve: true })}
            >
              {t("emoji.approve")}
            </button>
            <button
              type="button"
              className="button-secondary button-small"
              aria-label={t("emoji.rejectNamed", { shortcode: e.shortcode })}
              disabled={!canWrite || decide.isPending}
              onClick={() => decide.mutate({ uri: e.uri, approve: false })}
            >
              {t("emoji.reject")}
            </button>
          </span>
        )}
      />
      {decide.isError && <ErrorMessage error={decide.error} />}
    </>
  );
}
