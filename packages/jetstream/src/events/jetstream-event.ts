// The Jetstream v1 wire events (the JSON objects `/subscribe` sends), as upstream defines them: one
// event per record operation, plus #identity and #account passed through. #sync has no v1 kind.
import type { JsonValue } from "@atproto/lex-json";

export interface CommitInfo {
  rev: string;
  operation: "create" | "update" | "delete";
  collection: string;
  rkey: string;
  // Absent on deletes.
  record?: JsonValue;
  cid?: string;
}

export interface IdentityInfo {
  did: string;
  // Only a handle that resolves back to the DID (bidirectional check); omitted otherwise.
  handle?: string;
  seq: number;
  time: string;
}

export interface AccountInfo {
  active: boolean;
  did: string;
  seq: number;
  status?: string;
  time: string;
}

export type JetstreamEvent =
  | { did: string; time_us: number; kind: "commit"; commit: CommitInfo }
  | { did: string; time_us: number; kind: "identity"; identity: IdentityInfo }
  | { did: string; time_us: number; kind: "account"; account: AccountInfo };

// An event before the log assigns its time_us.
export type EventDraft = DistributiveOmit<JetstreamEvent, "time_us">;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

// Encodes with the key order upstream uses (did, time_us, kind, then the payload).
export function encodeEvent(draft: EventDraft, timeUs: number): string {
  const { did, kind, ...payload } = draft;
  return JSON.stringify({ did, time_us: timeUs, kind, ...payload });
}

export function collectionOf(draft: EventDraft): string | null {
  return draft.kind === "commit" ? draft.commit.collection : null;
}
