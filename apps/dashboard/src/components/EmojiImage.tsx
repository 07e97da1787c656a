// A custom emoji drawn from its uploader's PDS (com.atproto.sync.getBlob), at a fixed size, with
// `:shortcode:` as its alt text. Only PNG, WebP and GIF are ever put in an <img>; anything else (an SVG
// could carry script) shows as its shortcode.
import type { CommunityDefsEmojiView } from "@atrarium/lexicon";
import { blobUrl, useAuthor } from "../lib/post-sources.ts";
import { isRasterEmoji } from "../lib/reactions.ts";

const SIZE_PX = 20;

export function EmojiImage({ emoji, size = SIZE_PX }: { emoji: CommunityDefsEmojiView; size?: number }) {
  const uploader = useAuthor(emoji.author);
  const alt = `:${emoji.shortcode}:`;
  const pds = uploader.data?.pds;
  if (!pds || !isRasterEmoji(emoji.mimeType)) return <span className="emoji-fallback">{alt}</span>;
  return (
    <img
      className="custom-emoji"
      src={blobUrl(pds, emoji.author, emoji.cid)}
      alt={alt}
      title={alt}
      width={size}
      height={size}
      loading="lazy"
    />
  );
}
