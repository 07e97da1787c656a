// Periodic purge of the firehose log by the configured retention (age and/or count). Consumers that
// come back with a cursor from before the kept window are told so by subscribeRepos (OutdatedCursor).
import type { AppContext } from "../context.ts";

export function startSequencerRetention(ctx: AppContext): () => void {
  const { sequencerRetentionMaxAgeMs: maxAgeMs, sequencerRetentionMaxEvents: maxEvents } = ctx.cfg;
  if (maxAgeMs <= 0 && maxEvents <= 0) return () => {};
  const every = Math.max(ctx.cfg.sequencerPurgeIntervalMs, 10);
  const { jobs } = ctx.observability;
  jobs.register("sequencer-retention", every);
  let running = false;
  const run = async () => {
    // A purge of a long backlog yields between chunks; never let two overlap.
    if (running) return;
    running = true;
    try {
      const deleted = await jobs.run("sequencer-retention", () =>
        ctx.sequencer.purge({ maxAgeMs, maxEvents }),
      );
      if (deleted > 0)
        ctx.logger.info({ deleted, oldest: await ctx.sequencer.oldestSeq() }, "purged firehose log");
    } catch (err) {
      ctx.logger.error({ err }, "firehose log purge failed");
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, every);
  timer.unref();
  return () => {
    clearInterval(timer);
    jobs.unregister("sequencer-retention");
  };
}
