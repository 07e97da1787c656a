// A member's title in a community: a small pill next to their handle (member list) and next to the
// author of their posts; staff set or clear it from the member list ("Set title" → input → Save).
import { useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { setMemberTitle } from "../lib/transfer-writes.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { ErrorMessage } from "./Status.tsx";
import { useWorkerWritesReady } from "./WorkerAccessPrompt.tsx";

const MAX_TITLE = 64;

export function TitlePill({ title }: { title?: string }) {
  if (!title) return null;
  return (
    <span className="title-pill" data-testid="member-title">
      {title}
    </span>
  );
}

export function TitleEditor({
  communityId,
  did,
  current,
}: {
  communityId: string;
  did: string;
  current?: string;
}) {
  const { t } = useI18n();
  const canWrite = useWorkerWritesReady();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(current ?? "");
  const save = useCommunityWrite(communityId, (_, api, title: string) =>
    setMemberTitle(api, communityId, did, title),
  );
  if (!editing)
    return (
      <button
        type="button"
        className="button-secondary button-small"
        disabled={!canWrite}
        onClick={() => {
          setDraft(current ?? "");
          setEditing(true);
        }}
      >
        {t("title.set")}
      </button>
    );
  return (
    <form
      className="title-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft, { onSuccess: () => setEditing(false) });
      }}
    >
      <label>
        <span className="visually-hidden">{t("title.label")}</span>
        <input
          value={draft}
          maxLength={MAX_TITLE}
          placeholder={t("title.placeholder")}
          aria-label={t("title.label")}
          onChange={(e) => setDraft(e.target.value)}
        />
      </label>
      <button type="submit" className="button-small" disabled={save.isPending}>
        {t("title.save")}
      </button>
      <button type="button" className="button-secondary button-small" onClick={() => setEditing(false)}>
        {t("title.cancel")}
      </button>
      {save.isError && <ErrorMessage error={save.error} />}
    </form>
  );
}
