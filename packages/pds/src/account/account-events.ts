// Firehose events about an account rather than a commit (#identity, #account, #sync). They take the
// same path as commits: queued in the repo's outbox in one actor-DB transaction, under the repo's
// write lock so they stay in order with its commits, then drained to the sequencer.
import { encode } from "@atproto/lex-cbor";
import type { LexMap } from "@atproto/lex-data";
import { transact } from "@atrarium/sqlite";
import type { Actor } from "../actor-store/actor.ts";
import type { AppContext } from "../context.ts";
import { carFile } from "../repo/car.ts";
import type { AccountStatus } from "./accounts.ts";

export interface AccountEvent {
  type: "#identity" | "#account" | "#sync";
  body: LexMap;
}

export const identityEvent = (did: string, handle: string): AccountEvent => ({
  type: "#identity",
  body: { did, handle },
});

export const accountEvent = (did: string, status: AccountStatus): AccountEvent => ({
  type: "#account",
  body: status === "active" ? { did, active: true } : { did, active: false, status },
});

// The current signed commit alone, so a consumer can (re)start tracking the repo from here.
export function syncEvent(actor: Actor): AccountEvent {
  const root = actor.rootRow();
  const bytes = root && actor.blocks.getBytesSync(root.cid);
  if (!root || !bytes) throw new Error(`repo of ${actor.did} has no commit`);
  return {
    type: "#sync",
    body: { did: actor.did, rev: root.rev, blocks: carFile(root.cid, [{ cid: root.cid.bytes, bytes }]) },
  };
}

export async function emitAccountEvents(
  ctx: AppContext,
  did: string,
  events: (actor: Actor) => AccountEvent[],
): Promise<void> {
  const actor = ctx.actors.get(did);
  await actor.lock.run(async () => {
    transact(actor.db, () => {
      actor.stmt("DELETE FROM outbox WHERE id <= ?").run(actor.drainedOutboxId);
      const queue = actor.stmt("INSERT INTO outbox (event_type, body) VALUES (?, ?)");
      for (const e of events(actor)) queue.run(e.type, encode(e.body));
    });
  });
  ctx.sequencer.drain(actor);
}
