// The stream side of staleness: the receiver has been disconnected for more than STALE_SECONDS, or
// the last event it received was already older than that when it arrived. Jetstream sends no
// heartbeats, so a quiet network is not lag: a backlog being replayed keeps events coming, so once
// nothing has arrived for STALE_SECONDS after an old event, the receiver has caught up. Cached
// briefly per isolate: every API read asks, and the receiver is one Durable Object.

import { type Env, receiverOf } from "../env.ts";
import { numberVar } from "./api-env.ts";

const CACHE_MS = 1_000;
let cached: { at: number; stale: boolean } | null = null;

export function receiverIsBehind(
  s: { disconnectedForMs: number; lastEventLagMs: number; lastEventAgeMs: number | null },
  staleSeconds: number,
): boolean {
  const limit = staleSeconds * 1000;
  const catchingUp = s.lastEventLagMs > limit && s.lastEventAgeMs !== null && s.lastEventAgeMs <= limit;
  return s.disconnectedForMs > limit || catchingUp;
}

export async function receiverStale(env: Env): Promise<boolean> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.stale;
  const stale = receiverIsBehind(await receiverOf(env).status(), numberVar(env, "STALE_SECONDS"));
  cached = { at: Date.now(), stale };
  return stale;
}
