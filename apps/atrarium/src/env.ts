// Bindings and vars of the Worker. `Cloudflare.Env` is what `wrangler types` generates from
// wrangler.jsonc (worker-configuration.d.ts; `npm run types` after changing it); the vars that take a
// default when unset (settings.ts) and the secrets come on top, optional. Only settings.ts reads vars.
import type { OptionalVar } from "./settings.ts";

export type Env = Cloudflare.Env & Partial<Record<OptionalVar, string>>;

// Jetstream v1 events (only the kinds and fields Atrarium reads).
export interface JetstreamCommit {
  rev: string;
  operation: "create" | "update" | "delete";
  collection: string;
  rkey: string;
  record?: Record<string, unknown>;
  cid?: string;
}

export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: "commit" | "identity" | "account";
  commit?: JetstreamCommit;
  // kind "account": the #account event as the PDS sent it (status only when inactive).
  account?: { active: boolean; status?: string; did?: string; seq?: number; time?: string };
}
