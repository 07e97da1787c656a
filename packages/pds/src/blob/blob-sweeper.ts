// Removes uploads no record took up within the grace period. It walks the blob store's temp area, not
// every actor store, so its cost follows pending uploads rather than accounts. The actor store settles
// each one under the repo's write lock, so it cannot race a commit that is making the same blob
// permanent.
import type { AppContext } from "../context.ts";

export async function sweepTempBlobs(ctx: AppContext, now = ctx.clock.now()): Promise<number> {
  let removed = 0;
  for await (const temp of ctx.blobstore.listTemp()) {
    if (now - temp.modifiedAt < ctx.cfg.blobGracePeriodMs) continue;
    if (!(await ctx.actors.exists(temp.did))) {
      await ctx.blobstore.deleteTemp(temp.did, temp.key);
      continue;
    }
    if (await ctx.actors.get(temp.did).blobs.sweepUpload(temp.key)) removed++;
  }
  return removed;
}

export interface BlobSweeper {
  // A sweep right now, after the one in progress if any: tests move the clock, then call this
  // instead of waiting for the timer. Resolves with the number of uploads removed.
  sweepNow: () => Promise<number>;
  // Stops the timer and waits for a sweep in progress, so the databases can be closed after it.
  stop: () => Promise<void>;
}

// Sweeps every half grace period (at most every 10 minutes, at least every 250 ms), so an upload
// lives between one and one and a half grace periods. The timer never keeps the process alive.
export function startBlobSweeper(ctx: AppContext): BlobSweeper {
  const every = Math.min(10 * 60_000, Math.max(250, ctx.cfg.blobGracePeriodMs / 2));
  const { jobs } = ctx.observability;
  jobs.register("blob-sweeper", every);
  // The latest sweep queued; sweeps run one at a time.
  let running: Promise<unknown> | null = null;
  const sweepNow = (): Promise<number> => {
    const sweep = (running ?? Promise.resolve()).then(() =>
      jobs.run("blob-sweeper", () => sweepTempBlobs(ctx)),
    );
    const settled = sweep
      .catch((err) => ctx.logger.error({ err }, "blob sweep failed"))
      .finally(() => {
        if (running === settled) running = null;
      });
    running = settled;
    return sweep;
  };
  const timer = setInterval(() => {
    // Failures are logged by sweepNow.
    if (!running) sweepNow().catch(() => {});
  }, every);
  timer.unref();
  return {
    sweepNow,
    stop: async () => {
      clearInterval(timer);
      jobs.unregister("blob-sweeper");
      await running;
    },
  };
}
