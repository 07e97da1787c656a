// The jobs Aurora Locus runs on its schedule (job-runner.ts), with their intervals from the config:
//   blob-sweeper         uploads no record took up within the grace period (blob/blob-sweeper.ts)
//   sequencer-retention  firehose events beyond the retention (absent when retention is off)
//   expired-sessions     refresh tokens, mailed tokens, OAuth tokens/requests/nonces and reserved
//                        signing keys past their expiry (account/expired-credentials.ts)
//   deleted-accounts     deletions a failure interrupted (account/delete-account.ts finishes them)
//   backups              online backups, keeping the last N (only with PDS_BACKUP_DIRECTORY)
// The first two keep the names they had before the runner, so dashboards on pds_job_* keep working.
import { finishDeletion } from "../account/delete-account.ts";
import { sweepTempBlobs } from "../blob/blob-sweeper.ts";
import type { AppContext } from "../context.ts";
import type { ScheduledJob } from "./job-runner.ts";
import { runScheduledBackup } from "./scheduled-backups.ts";

// A deletion runs to its end within seconds; one pending this long was interrupted (a blob file that
// could not be removed, a disk error), not in progress, so finishing it cannot race the request.
export const STALE_DELETION_MS = 10 * 60_000;

export function pdsJobs(ctx: AppContext): ScheduledJob[] {
  const { cfg } = ctx;
  const jobs: ScheduledJob[] = [
    {
      name: "blob-sweeper",
      // Every half grace period (at most every 10 minutes, at least every 250 ms), so an upload lives
      // between one and one and a half grace periods.
      everyMs: Math.min(10 * 60_000, Math.max(250, cfg.blobGracePeriodMs / 2)),
      run: async () => ({ items: await sweepTempBlobs(ctx) }),
    },
    {
      name: "expired-sessions",
      everyMs: cfg.expiredSessionsIntervalMs,
      run: async () => {
        const counts = ctx.expiredCredentials.sweep();
        const items = Object.values(counts).reduce((a, b) => a + b, 0);
        if (items > 0) ctx.logger.info(counts, "removed expired credentials");
        return { items };
      },
    },
    {
      name: "deleted-accounts",
      everyMs: cfg.deletedAccountsIntervalMs,
      run: async () => {
        // deletedAt is the wall clock, as ctx.clock is outside tests (which move it instead of waiting).
        const cutoff = ctx.clock.now() - STALE_DELETION_MS;
        const stale = (await ctx.accounts.pendingDeletions()).filter(
          (d) => Date.parse(d.deletedAt) <= cutoff,
        );
        for (const deletion of stale) await finishDeletion(ctx, deletion);
        if (stale.length > 0)
          ctx.logger.warn({ dids: stale.map((d) => d.did) }, "finished interrupted account deletions");
        return { items: stale.length };
      },
    },
  ];
  const { sequencerRetentionMaxAgeMs: maxAgeMs, sequencerRetentionMaxEvents: maxEvents } = cfg;
  if (maxAgeMs > 0 || maxEvents > 0) {
    jobs.push({
      name: "sequencer-retention",
      everyMs: Math.max(cfg.sequencerPurgeIntervalMs, 10),
      run: async () => {
        const deleted = await ctx.sequencer.purge({ maxAgeMs, maxEvents });
        if (deleted > 0)
          ctx.logger.info({ deleted, oldest: await ctx.sequencer.oldestSeq() }, "purged firehose log");
        return { items: deleted };
      },
    });
  }
  const { backupDirectory } = cfg;
  if (backupDirectory) {
    jobs.push({
      name: "backups",
      everyMs: cfg.backupIntervalMs,
      run: async () => {
        const done = await runScheduledBackup(cfg, backupDirectory, cfg.backupKeep);
        ctx.logger.info(
          { dir: done.dir, accounts: done.accounts, removed: done.removed },
          "scheduled backup written",
        );
        return { items: done.accounts };
      },
    });
  }
  return jobs;
}
