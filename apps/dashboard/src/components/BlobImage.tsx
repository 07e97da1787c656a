import { useState } from "react";
import { blobUrl, thumbnailUrl } from "../lib/post-sources.ts";

// One image: the PDS's resized copy first; a PDS without getThumbnail (or a failed resize) falls back
// to the blob itself, and a missing blob to its alt text.
export function BlobImage({
  pds,
  did,
  cid,
  alt,
  size,
  className,
  dims,
}: {
  pds: string;
  did: string;
  cid: string;
  alt: string;
  size: "thumbnail" | "fullsize";
  className?: string;
  dims?: { width: number; height: number } | null;
}) {
  const [attempt, setAttempt] = useState<"thumbnail" | "blob" | "failed">("thumbnail");
  if (attempt === "failed") return alt ? <span className="post-image-missing">{alt}</span> : null;
  const src = attempt === "thumbnail" ? thumbnailUrl(pds, did, cid, size) : blobUrl(pds, did, cid);
  return (
    <img
      className={className}
      src={src}
      alt={alt}
      loading="lazy"
      {...(dims ? { width: dims.width, height: dims.height } : {})}
      onError={() => setAttempt(attempt === "thumbnail" ? "blob" : "failed")}
    />
  );
}
