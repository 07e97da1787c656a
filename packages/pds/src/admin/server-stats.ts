// net.atrarium.pds.admin.getServerStats: accounts by status (one query on the account table), records
// and blobs (admin/content-totals.ts, counted at most once a minute), the firehose's subscribers and
// head.
import type { DatabaseSync } from "node:sqlite";
import type { PdsAdminGetServerStatsOutput } from "@atrarium/lexicon";
import { statementCache } from "@atrarium/sqlite";
import type { AppContext } from "../context.ts";
import { PDS_VERSION } from "../version.ts";

export interface AccountCounts {
  total: number;
  active: number;
  deactivated: number;
  takendown: number;
}

export class AccountCounter {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  // As account/status.ts: taken down wins over deactivated.
  counts(): AccountCounts {
    const row = this.stmt(
      `SELECT count(*) AS total,
              coalesce(sum(takedown_ref IS NOT NULL), 0) AS takendown,
              coalesce(sum(takedown_ref IS NULL AND deactivated_at IS NOT NULL), 0) AS deactivated
       FROM account`,
    ).get() as { total: number; takendown: number; deactivated: number };
    return { ...row, active: row.total - row.takendown - row.deactivated };
  }
}

export async function serverStats(ctx: AppContext): Promise<PdsAdminGetServerStatsOutput> {
  const content = await ctx.admin.content.totals();
  return {
    accounts: ctx.admin.accountCounter.counts(),
    records: content.records,
    blobs: content.blobs,
    firehose: {
      subscribers: ctx.observability.subscribers.count,
      lastSeq: await ctx.sequencer.lastSeq(),
    },
    version: PDS_VERSION,
    contentCountedAt: content.countedAt,
  };
}
