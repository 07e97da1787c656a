// The subjects com.atproto.admin.getSubjectStatus and updateSubjectStatus act on (an account, a record,
// a blob) and their status attributes, as the official PDS reads and writes them: a takedown reference
// is the moderator's `ref`, or the time of the takedown when none is given.
import { AtUri } from "@atproto/syntax";
import { findAccount } from "../account/resolve-repo.ts";
import type { AccountRow } from "../account/types.ts";
import type { Actor } from "../actor-store/types.ts";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

export interface StatusAttr {
  applied: boolean;
  ref?: string;
}

export const REPO_REF = "com.atproto.admin.defs#repoRef";
export const STRONG_REF = "com.atproto.repo.strongRef";
export const REPO_BLOB_REF = "com.atproto.admin.defs#repoBlobRef";

export type Subject =
  | { $type: typeof REPO_REF; did: string }
  | { $type: typeof STRONG_REF; uri: string; cid: string }
  | { $type: typeof REPO_BLOB_REF; did: string; cid: string; recordUri?: string };

export const statusAttr = (ref: string | null): StatusAttr =>
  ref ? { applied: true, ref } : { applied: false };

/** The reference to store: null lifts the takedown. */
export const takedownRef = (attr: StatusAttr): string | null =>
  attr.applied ? (attr.ref ?? new Date().toISOString()) : null;

export const subjectNotFound = () => new XrpcError(400, "NotFound", "Subject not found");

/** A local account, or NotFound. */
export async function subjectAccount(ctx: AppContext, did: string): Promise<AccountRow> {
  const account = await ctx.accounts.byDid(did);
  if (!account || !(await ctx.actors.exists(account.did))) throw subjectNotFound();
  return account;
}

/** The store and key of a record named by its at:// URI (its authority a DID or a handle). */
export async function recordSubject(
  ctx: AppContext,
  uri: string,
): Promise<{ actor: Actor; uri: string; collection: string; rkey: string }> {
  let parsed: AtUri;
  try {
    parsed = new AtUri(uri);
  } catch {
    throw new XrpcError(400, "InvalidRequest", `Invalid at-uri: ${uri}`);
  }
  if (!parsed.collection || !parsed.rkey) throw subjectNotFound();
  const account = await findAccount(ctx, parsed.host);
  if (!account || !(await ctx.actors.exists(account.did))) throw subjectNotFound();
  return {
    actor: ctx.actors.get(account.did),
    uri: `at://${account.did}/${parsed.collection}/${parsed.rkey}`,
    collection: parsed.collection,
    rkey: parsed.rkey,
  };
}
