// Firehose events about an account rather than a commit (#identity, #account, #sync). They take the
// same path as commits: queued in the repo's outbox (under the repo's write lock, so they stay in order
// with its commits), then drained to the sequencer.
import type { AccountEvent } from "../actor-store/types.ts";
import type { AppContext } from "../context.ts";
import { accountStatus } from "./status.ts";
import type { AccountStatus } from "./types.ts";

export const identityEvent = (did: string, handle: string): AccountEvent => ({
  type: "#identity",
  body: { did, handle },
});

export const accountEvent = (did: string, status: AccountStatus): AccountEvent => ({
  type: "#account",
  body: status === "active" ? { did, active: true } : { did, active: false, status },
});

// `sync`: then a #sync with the current commit alone, so a consumer can (re)start tracking the repo.
export async function emitAccountEvents(
  ctx: AppContext,
  did: string,
  events: AccountEvent[],
  opts: { sync?: boolean } = {},
): Promise<void> {
  const actor = ctx.actors.get(did);
  await actor.outbox.queue(events, opts);
  await ctx.sequencer.drain(actor);
}

/** Announces the account's current status (#account), as the official PDS's sequenceAccountStatus. */
export async function announceAccountStatus(ctx: AppContext, did: string): Promise<void> {
  const account = await ctx.accounts.byDid(did);
  if (account) await emitAccountEvents(ctx, did, [accountEvent(did, accountStatus(account))]);
}
