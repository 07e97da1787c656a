// A post's embed as a Bluesky client draws it: images (Aurora Locus's thumbnails, else the original
// blob, with their alt text and a size from the record or the PDS's blob metadata), a link card, a
// quoted post, or a quote with media. Unknown or malformed embeds draw nothing.
import { useI18n } from "../i18n/i18n.tsx";
import {
  blobRefOf,
  blobUrl,
  safeHttpUrl,
  useAuthor,
  useImageSize,
  useQuotedRecord,
} from "../lib/post-sources.ts";
import { BlobImage } from "./BlobImage.tsx";
import { PostAuthor } from "./PostAuthor.tsx";
import { PostText } from "./PostText.tsx";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function PostEmbed({ embed, author }: { embed: unknown; author: string }) {
  const e = obj(embed);
  switch (e?.$type) {
    case "app.bsky.embed.images":
      return <PostImages images={e.images} author={author} />;
    case "app.bsky.embed.external":
      return <LinkCard external={e.external} author={author} />;
    case "app.bsky.embed.record":
      return <QuotedPost record={obj(e.record)} />;
    case "app.bsky.embed.recordWithMedia":
      return (
        <>
          <PostEmbed embed={e.media} author={author} />
          <QuotedPost record={obj(obj(e.record)?.record)} />
        </>
      );
    default:
      return null;
  }
}

function PostImages({ images, author }: { images: unknown; author: string }) {
  const pds = useAuthor(author).data?.pds ?? null;
  // At most four images, as the lexicon allows; the same blob twice is drawn once.
  const seen = new Set<string>();
  const list = (Array.isArray(images) ? images : []).slice(0, 4).flatMap((raw) => {
    const img = obj(raw);
    const ref = blobRefOf(img?.image);
    if (!img || !ref || seen.has(ref.cid)) return [];
    seen.add(ref.cid);
    return [{ img, cid: ref.cid }];
  });
  if (!pds || list.length === 0) return null;
  return (
    <div className="post-images" data-count={list.length}>
      {list.map(({ img, cid }) => (
        <PostImage key={cid} pds={pds} did={author} cid={cid} image={img} />
      ))}
    </div>
  );
}

function PostImage({ pds, did, cid, image }: { pds: string; did: string; cid: string; image: Obj }) {
  const ratio = obj(image.aspectRatio);
  const given =
    typeof ratio?.width === "number" && typeof ratio.height === "number"
      ? { width: ratio.width, height: ratio.height }
      : null;
  const measured = useImageSize(pds, did, cid, given === null).data;
  const dims = given ?? measured ?? null;
  return (
    <a className="post-image" href={blobUrl(pds, did, cid)} target="_blank" rel="noopener noreferrer">
      <BlobImage pds={pds} did={did} cid={cid} alt={str(image.alt) ?? ""} size="fullsize" dims={dims} />
    </a>
  );
}

function LinkCard({ external, author }: { external: unknown; author: string }) {
  const ext = obj(external);
  const pds = useAuthor(author).data?.pds ?? null;
  const href = safeHttpUrl(str(ext?.uri));
  if (!ext || !href) return null;
  const thumb = blobRefOf(ext.thumb);
  const host = new URL(href).host;
  return (
    <a
      className="link-card"
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      data-testid="link-card"
    >
      {thumb && pds && (
        <BlobImage
          pds={pds}
          did={author}
          cid={thumb.cid}
          alt=""
          size="thumbnail"
          className="link-card-thumb"
        />
      )}
      <span className="link-card-body">
        <strong className="link-card-title">{str(ext.title) || host}</strong>
        {str(ext.description) && <span className="link-card-description">{str(ext.description)}</span>}
        <span className="link-card-host">{host}</span>
      </span>
    </a>
  );
}

function QuotedPost({ record }: { record: Obj | null }) {
  const { t } = useI18n();
  const uri = str(record?.uri) ?? "";
  const quoted = useQuotedRecord(uri);
  const did = /^at:\/\/([^/]+)\//.exec(uri)?.[1];
  if (!did) return null;
  const value = quoted.data;
  return (
    <blockquote className="quoted-post" data-testid="quoted-post">
      <PostAuthor did={did} compact />
      {value && typeof value.text === "string" ? (
        <PostText text={value.text} facets={Array.isArray(value.facets) ? value.facets : undefined} />
      ) : (
        <p className="meta">{quoted.isPending ? t("post.quoteLoading") : t("post.quoteUnavailable")}</p>
      )}
    </blockquote>
  );
}
