// Fixed-window rate limiting, pure: a window opens with the first request and admits `limit`
// requests until it ends. Cloudflare's rate-limiting binding only offers 10 s and 60 s windows; the
// seed's limits are per hour, so the counter lives in a Durable Object (request-guard.ts).
export interface RateWindow {
  start: number;
  count: number;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  // Milliseconds until the window ends.
  resetMs: number;
  next: RateWindow;
}

export function decide(current: RateWindow | null, rule: RateLimit, now: number): RateDecision {
  const open = current && now < current.start + rule.windowMs ? current : { start: now, count: 0 };
  const allowed = open.count < rule.limit;
  const next = allowed ? { start: open.start, count: open.count + 1 } : open;
  return {
    allowed,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - next.count),
    resetMs: Math.max(0, open.start + rule.windowMs - now),
    next,
  };
}

// IETF draft RateLimit-* fields (delta seconds) and, when refused, Retry-After.
export function rateLimitHeaders(d: Pick<RateDecision, "allowed" | "limit" | "remaining" | "resetMs">) {
  const reset = String(Math.ceil(d.resetMs / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": reset,
  };
  if (!d.allowed) headers["Retry-After"] = reset;
  return headers;
}
