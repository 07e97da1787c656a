// Under each post: its reactions as chips (emoji and count, pressed when the viewer's own reaction is
// counted; a click takes it back or adds it) and an "Add reaction" picker with a few common Unicode
// emoji and the community's approved custom emoji. Reacting is for members and staff, through the
// Worker's write routes; everyone else sees the chips only.
import type { CommunityDefsPostView, CommunityDefsReactionView } from "@atrarium/lexicon";
import { useState } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import { COMMON_EMOJI, choiceOf, type EmojiChoice, setReaction, useEmojiList } from "../lib/reactions.ts";
import { useCommunityWrite } from "../lib/use-write.ts";
import { EmojiImage } from "./EmojiImage.tsx";
import { ErrorMessage } from "./Status.tsx";

export function ReactionBar({
  post,
  communityId,
  canReact,
}: {
  post: CommunityDefsPostView;
  communityId: string;
  canReact: boolean;
}) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const reactions = post.reactions ?? [];
  const toggle = useCommunityWrite(communityId, (_, api, vars: { choice: EmojiChoice; on: boolean }) =>
    setReaction(api, communityId, post, vars.choice, vars.on),
  );
  const custom = useEmojiList(communityId, "approved", canReact && picking);
  const pick = (choice: EmojiChoice) => {
    setPicking(false);
    const existing = reactions.find((r) => sameChoice(choiceOf(r), choice));
    if (!existing?.viewer) toggle.mutate({ choice, on: true });
  };
  if (reactions.length === 0 && !canReact) return null;
  return (
    <div className="reactions" data-testid="reactions">
      {reactions.map((r) => (
        <button
          key={r.customEmoji?.uri ?? r.emoji}
          type="button"
          className="reaction-chip"
          aria-pressed={r.viewer}
          aria-label={t(r.viewer ? "reactions.remove" : "reactions.add", { emoji: r.emoji, count: r.count })}
          data-testid={`reaction-${r.emoji}`}
          disabled={!canReact || toggle.isPending}
          onClick={() => toggle.mutate({ choice: choiceOf(r), on: !r.viewer })}
        >
          <ReactionEmoji reaction={r} /> <span className="reaction-count">{r.count}</span>
        </button>
      ))}
      {canReact && (
        <button
          type="button"
          className="button-secondary button-small"
          aria-expanded={picking}
          onClick={() => setPicking(!picking)}
        >
          {t("reactions.addReaction")}
        </button>
      )}
      {picking && (
        <fieldset className="emoji-picker">
          <legend className="visually-hidden">{t("reactions.picker")}</legend>
          {COMMON_EMOJI.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="picker-emoji"
              aria-label={t("reactions.reactWith", { emoji })}
              onClick={() => pick({ emoji })}
            >
              {emoji}
            </button>
          ))}
          {(custom.data ?? []).map((e) => (
            <button
              key={e.uri}
              type="button"
              className="picker-emoji"
              aria-label={t("reactions.reactWith", { emoji: `:${e.shortcode}:` })}
              onClick={() => pick({ customEmoji: e.uri })}
            >
              <EmojiImage emoji={e} />
            </button>
          ))}
        </fieldset>
      )}
      {toggle.isError && <ErrorMessage error={toggle.error} />}
    </div>
  );
}

function ReactionEmoji({ reaction }: { reaction: CommunityDefsReactionView }) {
  return reaction.customEmoji ? <EmojiImage emoji={reaction.customEmoji} /> : <span>{reaction.emoji}</span>;
}

const sameChoice = (a: EmojiChoice, b: EmojiChoice) =>
  "emoji" in a ? "emoji" in b && a.emoji === b.emoji : "customEmoji" in b && a.customEmoji === b.customEmoji;
