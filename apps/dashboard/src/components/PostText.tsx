// A post's text with its facets as links, as a Bluesky client shows them: mentions open the
// profile, tags the tag's feed, links their target. Facets index UTF-8 bytes; @atproto/api's RichText
// does that arithmetic. Only http(s) links become anchors (a record can carry any URI).
import { type Facet, RichText, type RichTextSegment } from "@atproto/api";
import { safeHttpUrl } from "../lib/post-sources.ts";

const BSKY = "https://bsky.app";

export function PostText({ text, facets }: { text: string; facets?: unknown[] }) {
  if (!facets?.length) return <p className="post-text">{text}</p>;
  let segments: RichTextSegment[];
  try {
    segments = [...new RichText({ text, facets: facets as Facet[] }).segments()];
  } catch {
    return <p className="post-text">{text}</p>;
  }
  return (
    <p className="post-text">
      {segments.map((seg, i) => {
        const key = `${i}:${seg.text}`;
        const href = seg.mention
          ? `${BSKY}/profile/${seg.mention.did}`
          : seg.tag
            ? `${BSKY}/hashtag/${encodeURIComponent(seg.tag.tag)}`
            : seg.link
              ? safeHttpUrl(seg.link.uri)
              : null;
        return href ? (
          <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
            {seg.text}
          </a>
        ) : (
          <span key={key}>{seg.text}</span>
        );
      })}
    </p>
  );
}
