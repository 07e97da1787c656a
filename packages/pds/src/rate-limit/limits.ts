// The official PDS's limits and keys (its api/com/atproto/... `rateLimit` declarations). The numbers
// are fixed here, not configurable: tests drive the counts instead of shrinking the windows.
import type { RateLimitSpec } from "./types.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Every XRPC request, before authentication.
export const GLOBAL_LIMIT: RateLimitSpec = {
  name: "global",
  durationMs: 5 * MINUTE,
  points: 3000,
  key: "ip",
};

export const CREATE_SESSION_LIMITS: RateLimitSpec[] = [
  { name: "create-session-5m", durationMs: 5 * MINUTE, points: 30, key: "identifier+ip" },
  { name: "create-session-day", durationMs: DAY, points: 300, key: "identifier+ip" },
];

export const CREATE_ACCOUNT_LIMITS: RateLimitSpec[] = [
  { name: "create-account", durationMs: 5 * MINUTE, points: 100, key: "ip" },
];

export const RESET_PASSWORD_LIMITS: RateLimitSpec[] = [
  { name: "reset-password", durationMs: 5 * MINUTE, points: 50, key: "ip" },
];

export const DELETE_ACCOUNT_LIMITS: RateLimitSpec[] = [
  { name: "delete-account", durationMs: 5 * MINUTE, points: 50, key: "ip" },
];

// Methods that send mail to the account's address: each its own budget, per account.
const mailLimits = (name: string): RateLimitSpec[] => [
  { name: `${name}-hour`, durationMs: HOUR, points: 5, key: "did" },
  { name: `${name}-day`, durationMs: DAY, points: 15, key: "did" },
];
export const REQUEST_EMAIL_CONFIRMATION_LIMITS = mailLimits("request-email-confirmation");
export const REQUEST_EMAIL_UPDATE_LIMITS = mailLimits("request-email-update");
export const REQUEST_ACCOUNT_DELETE_LIMITS = mailLimits("request-account-delete");

export const REQUEST_PASSWORD_RESET_LIMITS: RateLimitSpec[] = [
  { name: "request-password-reset-hour", durationMs: HOUR, points: 15, key: "ip" },
  { name: "request-password-reset-day", durationMs: DAY, points: 50, key: "ip" },
];

export const UPLOAD_BLOB_LIMITS: RateLimitSpec[] = [
  { name: "upload-blob", durationMs: DAY, points: 1000, key: "ip" },
];

export const UPDATE_HANDLE_LIMITS: RateLimitSpec[] = [
  { name: "update-handle-5m", durationMs: 5 * MINUTE, points: 10, key: "ip" },
  { name: "update-handle-day", durationMs: DAY, points: 50, key: "ip" },
];

// Repo writes: one budget per account for all write methods, a create costing more than an update,
// an update more than a delete.
export const WRITE_POINTS = { create: 3, update: 2, delete: 1 } as const;

const repoWriteLimits = (cost: (input: unknown) => number): RateLimitSpec[] => [
  { name: "repo-write-hour", durationMs: HOUR, points: 5000, key: "did", cost },
  { name: "repo-write-day", durationMs: DAY, points: 35000, key: "did", cost },
];

export const CREATE_RECORD_LIMITS = repoWriteLimits(() => WRITE_POINTS.create);
export const PUT_RECORD_LIMITS = repoWriteLimits(() => WRITE_POINTS.update);
export const DELETE_RECORD_LIMITS = repoWriteLimits(() => WRITE_POINTS.delete);
export const APPLY_WRITES_LIMITS = repoWriteLimits(applyWritesPoints);

// The sum of each write's points; an unknown $type counts as a create (validation refuses it anyway).
export function applyWritesPoints(input: unknown): number {
  const writes = (input as { writes?: { $type?: string }[] } | undefined)?.writes;
  if (!Array.isArray(writes)) return 0;
  let points = 0;
  for (const w of writes) {
    const type = w?.$type ?? "";
    points += type.endsWith("#delete")
      ? WRITE_POINTS.delete
      : type.endsWith("#update")
        ? WRITE_POINTS.update
        : WRITE_POINTS.create;
  }
  return points;
}

// Every named limit, so its hit counter exists at zero from the start.
export const ALL_LIMIT_NAMES: string[] = [
  ...new Set(
    [
      [GLOBAL_LIMIT],
      CREATE_SESSION_LIMITS,
      CREATE_ACCOUNT_LIMITS,
      RESET_PASSWORD_LIMITS,
      DELETE_ACCOUNT_LIMITS,
      REQUEST_EMAIL_CONFIRMATION_LIMITS,
      REQUEST_EMAIL_UPDATE_LIMITS,
      REQUEST_ACCOUNT_DELETE_LIMITS,
      REQUEST_PASSWORD_RESET_LIMITS,
      UPLOAD_BLOB_LIMITS,
      UPDATE_HANDLE_LIMITS,
      CREATE_RECORD_LIMITS,
    ]
      .flat()
      .map((s) => s.name),
  ),
];
