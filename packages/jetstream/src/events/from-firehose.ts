// Verified @atproto/sync events to Jetstream v1 drafts: one commit event per record operation, the
// record in the atproto JSON data model ($link, $bytes, blob refs), identity and account passed through.
import { lexToJson } from "@atproto/lex-json";
import type { AccountEvt, CommitEvt, IdentityEvt } from "@atproto/sync";
import type { EventDraft } from "./jetstream-event.ts";

// `signedRev` is the rev of the verified commit object, never the frame's unsigned `rev` (evt.rev).
export function commitDraft(evt: CommitEvt, signedRev: string): EventDraft {
  const base = { rev: signedRev, operation: evt.event, collection: evt.collection, rkey: evt.rkey };
  if (evt.event === "delete") return { did: evt.did, kind: "commit", commit: base };
  return {
    did: evt.did,
    kind: "commit",
    commit: { ...base, record: lexToJson(evt.record), cid: evt.cid.toString() },
  };
}

export function identityDraft(evt: IdentityEvt): EventDraft {
  const identity = {
    did: evt.did,
    ...(evt.handle ? { handle: evt.handle } : {}),
    seq: evt.seq,
    time: evt.time,
  };
  return { did: evt.did, kind: "identity", identity };
}

export function accountDraft(evt: AccountEvt): EventDraft {
  const account = {
    active: evt.active,
    did: evt.did,
    seq: evt.seq,
    ...(evt.status ? { status: evt.status } : {}),
    time: evt.time,
  };
  return { did: evt.did, kind: "account", account };
}
