// For the owner: edit name, description and moderators (handles or DIDs, one per line), the feed mix
// (FeedMixEditor), and publish the community's feed generator record so Bluesky clients can find the feed.
import type { CommunityDefsCommunityView } from "@atrarium/lexicon";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { useConfig } from "../lib/config-context.tsx";
import { handleOf, normalizeHandle, resolveDid, resolveHandle } from "../lib/identity.ts";
import { publishedFeed, publishFeed, updateCommunity } from "../lib/records.ts";
import { useSession } from "../lib/session.tsx";
import { useCommunityWrite } from "../lib/use-write.ts";
import { AccessTypeEditor } from "./AccessTypeEditor.tsx";
import { CommunityFields } from "./CommunityFields.tsx";
import { CopyButton } from "./CopyButton.tsx";
import { FeedMixEditor } from "./FeedMixEditor.tsx";
import { TransferOwnershipPanel } from "./OwnerTransfer.tsx";
import { ErrorMessage } from "./Status.tsx";

export function SettingsTab({ community }: { community: CommunityDefsCommunityView }) {
  const { t } = useI18n();
  const cfg = useConfig();
  const { state } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(community.name);
  const [description, setDescription] = useState(community.description ?? "");
  const moderatorHandles = useQuery({
    queryKey: ["moderator-handles", community.moderators],
    queryFn: () =>
      Promise.all(
        community.moderators.map(
          async (did) => handleOf(await resolveDid(cfg, did).catch(() => ({ id: did }))) ?? did,
        ),
      ),
  });
  const [moderators, setModerators] = useState<string | null>(null);
  const moderatorText = moderators ?? moderatorHandles.data?.join("\n") ?? community.moderators.join("\n");

  const save = useCommunityWrite(community.id, async (s, api, input: { lines: string[] }) => {
    const dids = await Promise.all(input.lines.map((line) => resolveHandle(cfg, normalizeHandle(line))));
    await updateCommunity(s.agent, api, community, { name, description, moderators: [...new Set(dids)] });
  });
  const feedKey = ["published-feed", community.id];
  const published = useQuery({
    queryKey: feedKey,
    queryFn: () => (state.status === "signed-in" ? publishedFeed(state.agent, community.id) : null),
    enabled: state.status === "signed-in",
  });
  const publish = useCommunityWrite(community.id, async (s, api) => {
    await publishFeed(s.agent, api, community);
    await queryClient.invalidateQueries({ queryKey: feedKey });
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines = moderatorText
      .split(/[\s,]+/)
      .map((l) => l.trim())
      .filter(Boolean);
    save.mutate({ lines });
  };

  return (
    <>
      <h2>{t("settings.editTitle")}</h2>
      <form className="form" onSubmit={submit}>
        <CommunityFields
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
        />
        <label>
          {t("settings.moderators")}
          <textarea
            name="moderators"
            rows={3}
            value={moderatorText}
            onChange={(e) => setModerators(e.target.value)}
          />
        </label>
        <p className="hint">{t("settings.moderatorsHint")}</p>
        {save.isError && <ErrorMessage error={save.error} />}
        {save.isSuccess && (
          <p className="notice notice-success" role="status">
            {t("settings.saved")}
          </p>
        )}
        <button type="submit" disabled={save.isPending || name.trim() === ""}>
          {save.isPending ? t("settings.saving") : t("settings.save")}
        </button>
      </form>
      <FeedMixEditor community={community} />
      <AccessTypeEditor community={community} />
      <h2>{t("settings.feedTitle")}</h2>
      <p>{t("settings.feedIntro")}</p>
      <p className="hashtag-row">
        <code className="small">{community.feed}</code>
        <CopyButton value={community.feed} label={t("settings.copyFeed")} />
      </p>
      {published.data ? (
        <p className="notice notice-success" role="status">
          {t("settings.feedPublished")}
        </p>
      ) : (
        <p className="meta">{t("settings.feedNotPublished")}</p>
      )}
      {publish.isError && <ErrorMessage error={publish.error} />}
      <button type="button" onClick={() => publish.mutate(undefined)} disabled={publish.isPending}>
        {published.data ? t("settings.republish") : t("settings.publish")}
      </button>
      <TransferOwnershipPanel community={community} />
    </>
  );
}
