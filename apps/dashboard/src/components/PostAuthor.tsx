// A post's author as a Bluesky client shows them: avatar, display name and handle from their
// profile record; while it loads, or if their PDS is out of reach, the handle (or DID) alone.
import { useAuthor } from "../lib/post-sources.ts";
import { BlobImage } from "./BlobImage.tsx";

export function PostAuthor({ did, compact = false }: { did: string; compact?: boolean }) {
  const author = useAuthor(did).data;
  const handle = author?.handle ? `@${author.handle}` : did;
  return (
    <span className={compact ? "post-author post-author-compact" : "post-author"} title={did}>
      {author?.avatar && author.pds ? (
        <BlobImage
          pds={author.pds}
          did={did}
          cid={author.avatar.cid}
          alt=""
          size="thumbnail"
          className="avatar"
        />
      ) : (
        <span className="avatar avatar-empty" aria-hidden="true" />
      )}
      {author?.displayName && <span className="display-name">{author.displayName}</span>}
      <span className="handle">{handle}</span>
    </span>
  );
}
