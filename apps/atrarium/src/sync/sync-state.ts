// Pure bookkeeping of a community's sync with the network: the last refresh of the owner's config
// and the rebuild, their failures and retry times. A community is stale while a refresh has failed
// or a rebuild is pending, running or incomplete; failures retry with exponential backoff.
export type RebuildState = "none" | "pending" | "running" | "complete" | "incomplete";

export interface SyncState {
  refresh: { lastAttemptAt: number; lastOkAt: number; failing: boolean; attempts: number; error?: string };
  rebuild: {
    state: RebuildState;
    attempts: number;
    startedAt?: number;
    finishedAt?: number;
    counts?: { repos: number; fetched: number; applied: number };
    failedRepos?: number;
    error?: string;
  };
  // When the alarm should next run a task (0: nothing scheduled).
  nextRetryAt: number;
}

export const initialSyncState = (): SyncState => ({
  refresh: { lastAttemptAt: 0, lastOkAt: 0, failing: false, attempts: 0 },
  rebuild: { state: "none", attempts: 0 },
  nextRetryAt: 0,
});

export function isStale(s: SyncState): boolean {
  return s.refresh.failing || ["pending", "running", "incomplete"].includes(s.rebuild.state);
}

export function refreshDue(s: SyncState, now: number, refreshMs: number): boolean {
  return !s.refresh.failing && now - s.refresh.lastAttemptAt >= refreshMs;
}

// 1 s, 2 s, 4 s ... capped.
export function backoffMs(attempts: number, maxSeconds: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), Math.max(1, maxSeconds)) * 1000;
}
