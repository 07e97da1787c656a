// Applies declared rate limits (limits.ts) to requests: the key and cost of each, one limiter per
// limit name, the tightest status for the RateLimit-* headers and 429 RateLimitExceeded over budget.
// The write path costs one in-memory consume per limit consulted, no I/O.
import { XrpcError } from "../xrpc/errors.ts";
import { type LimiterStore, memoryLimiterStore } from "./limiter-store.ts";
import type { LimitStatus, RateLimitSpec, RateLimitSubject } from "./types.ts";

export interface RateLimitOptions {
  enabled: boolean;
  // A request with `x-ratelimit-bypass: <bypassKey>` or from one of bypassIps is never limited.
  bypassKey?: string;
  bypassIps: string[];
  // Called once per refused request, with the limit that refused it.
  onHit?: (limit: string) => void;
  // Another store per limit (Redis when the PDS scales out); in memory if absent.
  store?: (spec: RateLimitSpec) => LimiterStore;
}

export class RateLimits {
  private readonly limiters = new Map<string, LimiterStore>();
  private readonly bypassIps: Set<string>;
  private readonly opts: RateLimitOptions;

  constructor(opts: RateLimitOptions) {
    this.opts = opts;
    this.bypassIps = new Set(opts.bypassIps);
  }

  // Whether this request is limited at all (limits off, the bypass header, a bypass address).
  applies(ip: string, bypassHeader: string | undefined): boolean {
    if (!this.opts.enabled) return false;
    if (this.opts.bypassKey && bypassHeader === this.opts.bypassKey) return false;
    return !this.bypassIps.has(ip);
  }

  // Spends each limit's points; the tightest status, or null if none counted this request. Over any
  // budget: 429 RateLimitExceeded carrying that limit's headers.
  async consume(specs: readonly RateLimitSpec[], subject: RateLimitSubject): Promise<LimitStatus | null> {
    const pending: Promise<LimitStatus>[] = [];
    for (const spec of specs) {
      const key = rateLimitKey(spec, subject);
      const points = spec.cost ? spec.cost(subject.input) : 1;
      if (key === null || !(points >= 1)) continue;
      pending.push(this.limiter(spec).consume(key, points));
    }
    if (pending.length === 0) return null;
    const statuses = pending.length === 1 ? [await pending[0]] : await Promise.all(pending);
    const refused = statuses.find((s) => s.exceeded);
    if (refused) {
      this.opts.onHit?.(refused.name);
      throw new XrpcError(429, "RateLimitExceeded", "Rate Limit Exceeded", rateLimitHeaders(refused));
    }
    return statuses.reduce<LimitStatus | null>((a, b) => tightest(a, b), null);
  }

  private limiter(spec: RateLimitSpec): LimiterStore {
    let limiter = this.limiters.get(spec.name);
    if (!limiter) {
      limiter = (this.opts.store ?? memoryLimiterStore)(spec);
      this.limiters.set(spec.name, limiter);
    }
    return limiter;
  }
}

// The key a request is counted under, or null when the request has no such key (no caller for a
// per-account limit, no identifier in the body).
export function rateLimitKey(spec: RateLimitSpec, subject: RateLimitSubject): string | null {
  switch (spec.key) {
    case "ip":
      return subject.ip;
    case "did":
      return subject.did ?? null;
    case "identifier+ip": {
      const identifier = (subject.input as { identifier?: unknown } | undefined)?.identifier;
      if (typeof identifier !== "string") return null;
      // As createSession looks the account up: case and spaces do not make another identifier.
      return `${identifier.trim().toLowerCase()}-${subject.ip}`;
    }
  }
}

// The status with the fewest points left (as @atproto/xrpc-server reports the most constraining).
export function tightest(a: LimitStatus | null, b: LimitStatus | null): LimitStatus | null {
  if (!a) return b;
  if (!b) return a;
  return b.remaining < a.remaining ? b : a;
}

// As @atproto/xrpc-server: Reset is the epoch second the window ends, Policy `<points>;w=<seconds>`.
export function rateLimitHeaders(status: LimitStatus, now = Date.now()): Record<string, string> {
  return {
    "RateLimit-Limit": String(status.limit),
    "RateLimit-Remaining": String(status.remaining),
    "RateLimit-Reset": String(Math.floor((now + status.msBeforeNext) / 1000)),
    "RateLimit-Policy": `${status.limit};w=${status.durationSec}`,
  };
}

// The headers on a response; a proxied (fetched) response has immutable headers, so it is copied.
export function withRateLimitHeaders(res: Response, status: LimitStatus | null): Response {
  if (!status) return res;
  const headers = Object.entries(rateLimitHeaders(status));
  try {
    for (const [name, value] of headers) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}

// A handler's refusal (a wrong password, say) carries the headers too, as in the official PDS, so a
// client sees its budget shrink on failures as well.
export function errorWithRateLimitHeaders(err: unknown, status: LimitStatus | null): unknown {
  if (!status || !(err instanceof XrpcError)) return err;
  return new XrpcError(err.status, err.error, err.message, { ...rateLimitHeaders(status), ...err.headers });
}
