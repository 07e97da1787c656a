// Loses part of a stopped Worker's state, as a lost Durable Object storage would: wrangler keeps one
// folder per Durable Object class (named <worker>-<class>) under --persist-to.
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

export const INDEX_CLASSES = ["CommunityFeed", "CommunitySync", "NetworkSync", "RecordIndex"];

// Deletes the stored state of `classes`; returns the classes whose state was found and removed.
export function dropStorage(persistTo: string, classes = INDEX_CLASSES): string[] {
  const removed: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      const cls = classes.find((c) => entry.name.endsWith(`-${c}`));
      if (cls) {
        rmSync(full, { recursive: true, force: true });
        removed.push(cls);
      } else if (depth < 4) walk(full, depth + 1);
    }
  };
  walk(persistTo, 0);
  return removed.sort();
}
