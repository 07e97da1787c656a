// The scheduled lifecycle sweep (the Worker's cron, worker.ts): each tick the registry hands out the
// next batch of communities, each one evaluates itself with the one rule function and records its
// verdict (lifecycle-marks.ts), and the registry keeps the statuses found, so community.list hides
// archived communities and a community nobody reads is still marked inactive/archived on time.
import type { Services } from "../services.ts";
import type { LifecycleStatus } from "./lifecycle-rules.ts";

// A sweep that has not finished by then is taken for dead and the next tick may start another.
const SWEEP_LEASE_MS = 5 * 60 * 1000;

export async function sweepLifecycle(services: Pick<Services, "stubs" | "settings">): Promise<void> {
  const { stubs, settings } = services;
  const registry = stubs.registry();
  const ids = await registry.takeSweepBatch(settings.lifecycleSweepBatch, SWEEP_LEASE_MS);
  if (!ids) return;
  const statuses: Record<string, LifecycleStatus | null> = {};
  try {
    await Promise.all(
      ids.map(async (id) => {
        try {
          statuses[id] = await stubs.community(id).sweepLifecycle(id, settings.lifecycle);
        } catch (err) {
          // One community failing leaves its previous status; the others are still recorded.
          console.error(`lifecycle sweep of ${id} failed`, err);
        }
      }),
    );
  } finally {
    await registry.recordLifecycleStatuses(statuses, true);
  }
}
