// Readiness: whether the service can do its work right now (its databases answer), as opposed to
// liveness (the process answers at all). Each check throws (or rejects) when it fails; a check that
// hangs counts as failed after `timeoutMs`, so a probe never waits on a stuck dependency.
export type ReadinessCheck = () => void | Promise<void>;

export interface ReadinessResult {
  ready: boolean;
  /** Names of the checks that failed, in the order they were given. */
  failing: string[];
  errors: Record<string, unknown>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Promise<ReadinessResult> {
  const entries = Object.entries(checks);
  const outcomes = await Promise.all(entries.map(([, check]) => settle(check, timeoutMs)));
  const failing: string[] = [];
  const errors: Record<string, unknown> = {};
  entries.forEach(([name], i) => {
    if (outcomes[i] === undefined) return;
    failing.push(name);
    errors[name] = outcomes[i];
  });
  return { ready: failing.length === 0, failing, errors };
}

// The check's error, or undefined when it passed in time. A check that fails after its timeout is
// already counted; its late rejection is absorbed here, never left unhandled.
async function settle(check: ReadinessCheck, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  const outcome = Promise.resolve()
    .then(check)
    .then(
      () => undefined,
      (err: unknown) => err ?? new Error("check failed"),
    );
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
