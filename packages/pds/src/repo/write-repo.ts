// Commit, then move the commit's event into the firehose log and refresh the account DB's head copy.
import type { Cid } from "@atproto/lex-data";
import { type CommitResult, commitWrites } from "../actor-store/repo-writer.ts";
import type { AppContext } from "../context.ts";
import type { PreparedWrite } from "./prepare.ts";

export async function writeRepo(
  ctx: AppContext,
  did: string,
  writes: PreparedWrite[],
  opts: { swapCommit?: Cid } = {},
): Promise<CommitResult> {
  const actor = ctx.actors.get(did);
  const result = await commitWrites(actor, writes, opts);
  ctx.sequencer.drain(actor);
  ctx.accounts.updateRoot(did, result.cid.toString(), result.rev);
  return result;
}
