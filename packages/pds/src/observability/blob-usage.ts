// Bytes the blob store holds on disk, measured by walking its directory when Prometheus scrapes: the
// files themselves are the truth (temp uploads and files a failed commit left behind included), and a
// file hard-linked under two names (an upload made permanent, until its temp name goes) counts once.
// The walk costs a stat per file, fine for the blob counts one PDS holds; a scrape never fails on a
// file that disappears mid-walk.
import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

export async function diskUsageBytes(root: string): Promise<number> {
  const seen = new Set<string>();
  let bytes = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(file);
        continue;
      }
      if (!entry.isFile()) continue;
      const info = await lstat(file).catch(() => null);
      if (!info) continue;
      const inode = `${info.dev}:${info.ino}`;
      if (seen.has(inode)) continue;
      seen.add(inode);
      bytes += info.size;
    }
  };
  await walk(root);
  return bytes;
}
