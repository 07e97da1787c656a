// Resolves an at-identifier (handle or DID) naming a repo on this PDS, and checks who may write it.
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { Caller } from "../xrpc/method.ts";
import { accountStatus } from "./status.ts";
import { assertNotTakenDown } from "./takedown.ts";
import type { AccountRow } from "./types.ts";

export function findAccount(ctx: AppContext, repo: string): Promise<AccountRow | undefined> {
  return repo.startsWith("did:") ? ctx.accounts.byDid(repo) : ctx.accounts.byHandle(repo);
}

// Writes: the repo must exist, be active, and belong to the caller (as the official PDS: 401 if not).
export async function writableRepo(ctx: AppContext, repo: string, caller: Caller | null): Promise<string> {
  const account = await findAccount(ctx, repo);
  if (!account) throw new XrpcError(400, "InvalidRequest", `Could not find repo: ${repo}`);
  assertNotTakenDown(account);
  if (accountStatus(account) !== "active")
    throw new XrpcError(400, "InvalidRequest", "Account is deactivated");
  if (!caller || caller.did !== account.did)
    throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
  return account.did;
}

// Sync reads by DID: RepoNotFound / RepoDeactivated / RepoTakendown as the sync lexicons name them.
export async function servableRepo(ctx: AppContext, did: string): Promise<AccountRow> {
  const account = await ctx.accounts.byDid(did);
  if (!account || !(await ctx.actors.exists(did)))
    throw new XrpcError(400, "RepoNotFound", `Could not find repo for DID: ${did}`);
  const status = accountStatus(account);
  if (status === "takendown") throw new XrpcError(400, "RepoTakendown", `Repo has been takendown: ${did}`);
  if (status === "deactivated")
    throw new XrpcError(400, "RepoDeactivated", `Repo has been deactivated: ${did}`);
  return account;
}
