// Stubs of the sync Durable Objects: one CommunitySync per community id, one NetworkSync.
import type { Env } from "../env.ts";

export const syncOf = (env: Env, id: string) => env.COMMUNITY_SYNC.get(env.COMMUNITY_SYNC.idFromName(id));
export const networkSyncOf = (env: Env) => env.NETWORK_SYNC.get(env.NETWORK_SYNC.idFromName("main"));
export const guardOf = (env: Env, subject: string) =>
  env.REQUEST_GUARD.get(env.REQUEST_GUARD.idFromName(subject));
