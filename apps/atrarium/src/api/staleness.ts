// The stream side of staleness (receiver-lag.ts), cached briefly per isolate: every API read asks,
// and the receiver is one Durable Object.
import type { Stubs } from "../stubs.ts";
import { receiverIsBehind } from "./receiver-lag.ts";

const CACHE_MS = 1_000;

export function receiverStaleCached(stubs: Pick<Stubs, "receiver">, staleSeconds: number) {
  let cached: { at: number; stale: boolean } | null = null;
  return async (): Promise<boolean> => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.stale;
    const stale = receiverIsBehind(await stubs.receiver().status(), staleSeconds);
    cached = { at: Date.now(), stale };
    return stale;
  };
}
