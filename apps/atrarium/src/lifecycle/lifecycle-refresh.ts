// Inside a community's Durable Object: the sweep's evaluation, and the one refresh a write needs. A
// post can revive an inactive or archived community; the registry's statuses (which hide archived
// communities from community.list) learn it at once, not at the community's next sweep.
import type { Services } from "../services.ts";
import { recordedCommunityId, recordedStatus, rememberCommunityId } from "./lifecycle-marks.ts";
import type { LifecycleStatus, LifecycleThresholds } from "./lifecycle-rules.ts";
import { lifecycleAnswer } from "./lifecycle-store.ts";

// null: no current config.
export function sweepOne(
  sql: SqlStorage,
  id: string,
  thresholds: LifecycleThresholds,
  now: number,
): LifecycleStatus | null {
  const answer = lifecycleAnswer(sql, thresholds, now);
  if (answer) rememberCommunityId(sql, id);
  return answer?.status ?? null;
}

export async function refreshAfterWrite(
  sql: SqlStorage,
  services: Pick<Services, "stubs" | "settings">,
  now: number,
): Promise<void> {
  const before = recordedStatus(sql);
  // Active (or never evaluated): a write cannot make it less active, nothing to tell.
  if (before === null || before === "active") return;
  const answer = lifecycleAnswer(sql, services.settings.lifecycle, now);
  const id = recordedCommunityId(sql);
  // The registry holds a status only for communities the sweep reached, which recorded their id.
  if (!answer?.statusChanged || id === null) return;
  await services.stubs.registry().recordLifecycleStatuses({ [id]: answer.status }, false);
}
