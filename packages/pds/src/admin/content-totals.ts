// Records and blobs across every account, for net.atrarium.pds.admin.getServerStats. They live in the
// per-account stores, so counting them means reading every store: done at most once per `maxAgeMs`
// (a minute by default), one store at a time and read-only (outside the actor store's cache of open
// stores), and shared by the calls that arrive meanwhile. Blobs are those the stores hold for good
// (temporary uploads excluded), counted once per account that holds them.
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Clock } from "../clock.ts";

export const CONTENT_TOTALS_MAX_AGE_MS = 60_000;

export interface ContentTotals {
  records: number;
  blobs: { count: number; bytes: number };
  countedAt: string;
}

export class ContentCounter {
  private readonly actorsDir: string;
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private cached: { at: number; totals: ContentTotals } | null = null;
  private running: Promise<ContentTotals> | null = null;

  constructor(actorsDir: string, clock: Clock, maxAgeMs = CONTENT_TOTALS_MAX_AGE_MS) {
    this.actorsDir = actorsDir;
    this.clock = clock;
    this.maxAgeMs = maxAgeMs;
  }

  async totals(): Promise<ContentTotals> {
    if (this.cached && this.clock.now() - this.cached.at < this.maxAgeMs) return this.cached.totals;
    this.running ??= this.count().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async count(): Promise<ContentTotals> {
    const startedAt = this.clock.now();
    const totals = { records: 0, blobs: { count: 0, bytes: 0 } };
    for (const file of await storeFiles(this.actorsDir)) {
      const store = countStore(file);
      if (!store) continue;
      totals.records += store.records;
      totals.blobs.count += store.blobs;
      totals.blobs.bytes += store.blobBytes;
      // One store per turn of the event loop: requests keep being served during a long count.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = { ...totals, countedAt: new Date(startedAt).toISOString() };
    this.cached = { at: startedAt, totals: result };
    return result;
  }
}

// The actor store's layout: <actorsDir>/<shard>/<encoded did>/store.sqlite (actor-store.ts).
async function storeFiles(actorsDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const shard of await dirs(actorsDir)) {
    for (const account of await dirs(path.join(actorsDir, shard))) {
      files.push(path.join(actorsDir, shard, account, "store.sqlite"));
    }
  }
  return files;
}

async function dirs(dir: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

// A store deleted or half-created meanwhile counts as nothing rather than failing the whole count.
function countStore(file: string): { records: number; blobs: number; blobBytes: number } | null {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const records = db.prepare("SELECT count(*) AS n FROM record").get() as { n: number };
    const blobs = db
      .prepare("SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM blob WHERE temp_key IS NULL")
      .get() as { n: number; bytes: number };
    return { records: records.n, blobs: blobs.n, blobBytes: blobs.bytes };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
