// The five repo calls a RepoWriter makes, as com.atproto.repo XRPC requests through the caller's
// OAuth session (DPoP-bound, refreshed by the library). `repo` is always the session's own DID: the
// request carries no other. Answers cross a Durable Object boundary as plain results, errors included.
import type { OAuthSession } from "@atproto/oauth-client";

export type RepoOp =
  | { kind: "create"; collection: string; record: Record<string, unknown> }
  | { kind: "put"; collection: string; rkey: string; record: Record<string, unknown>; swapRecord?: string }
  | { kind: "get"; collection: string; rkey: string }
  | { kind: "delete"; collection: string; rkey: string }
  | { kind: "list"; collection: string; cursor?: string; limit?: number };

export type RepoOpResult =
  | { ok: true; body: Record<string, unknown> | null }
  | { ok: false; status: number; error: string; message: string };

const TIMEOUT_MS = 10_000;
const MAX_LIST = 100;

export async function callRepo(session: OAuthSession, op: RepoOp): Promise<RepoOpResult> {
  const repo = session.did;
  let path: string;
  let init: RequestInit = { signal: AbortSignal.timeout(TIMEOUT_MS) };
  if (op.kind === "get" || op.kind === "list") {
    const query = new URLSearchParams({ repo, collection: op.collection });
    if (op.kind === "get") query.set("rkey", op.rkey);
    else {
      query.set("limit", String(Math.min(op.limit ?? MAX_LIST, MAX_LIST)));
      if (op.cursor) query.set("cursor", op.cursor);
    }
    path = `/xrpc/com.atproto.repo.${op.kind === "get" ? "getRecord" : "listRecords"}?${query}`;
  } else {
    const { kind, ...fields } = op;
    const method = { create: "createRecord", put: "putRecord", delete: "deleteRecord" }[kind];
    path = `/xrpc/com.atproto.repo.${method}`;
    init = {
      ...init,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repo, ...fields }),
    };
  }
  let res: Response;
  try {
    res = await session.fetchHandler(path, init);
  } catch (err) {
    return {
      ok: false,
      status: 502,
      error: "RepoUnavailable",
      message: `the PDS is unreachable: ${(err as Error).message}`,
    };
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.ok) return { ok: true, body };
  const error = typeof body?.error === "string" ? body.error : `HTTP${res.status}`;
  if (op.kind === "get" && res.status === 400 && error === "RecordNotFound") return { ok: true, body: null };
  const message = typeof body?.message === "string" ? body.message : `the PDS answered ${res.status}`;
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      status: 401,
      error: "OAuthSessionRequired",
      message: `the PDS refused the session: ${message}`,
    };
  if (res.status >= 500) return { ok: false, status: 502, error: "RepoUnavailable", message };
  return { ok: false, status: 400, error, message };
}
