// The stream side of staleness (receiver-lag.ts), cached briefly per isolate: every API read asks,
// and the receiver is one Durable Object.

import { type Env, receiverOf } from "../env.ts";
import { numberVar } from "./api-env.ts";
import { receiverIsBehind } from "./receiver-lag.ts";

const CACHE_MS = 1_000;
let cached: { at: number; stale: boolean } | null = null;

export async function receiverStale(env: Env): Promise<boolean> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.stale;
  const stale = receiverIsBehind(await receiverOf(env).status(), numberVar(env, "STALE_SECONDS"));
  cached = { at: Date.now(), stale };
  return stale;
}
