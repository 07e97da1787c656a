// The RepoWriter of a verified caller: each call runs in the caller's own OAuthSessions object, with
// the OAuth session they granted Atrarium (sign-in at /oauth/login). The DID is the gate's verified
// caller; nothing a request carries can change it.
import type { Services } from "../services.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import type { RepoOp, RepoOpResult } from "./repo-calls.ts";
import type { RepoWriter, StoredRecord, WriteAck } from "./repo-writer.ts";

export async function callerWriter(services: Services, viewer: string | null): Promise<RepoWriter> {
  if (!viewer) throw new XrpcError(401, "AuthenticationRequired", "sign in first");
  const { oauth, publicUrl } = services.settings;
  if (!oauth.ok) throw new XrpcError(503, "OAuthUnavailable", `writes are not configured: ${oauth.problem}`);
  const run = async (op: RepoOp): Promise<Record<string, unknown> | null> => {
    // RPC typing cannot express a record of unknown JSON; the object returns RepoOpResult as is.
    const result = (await services.stubs.oauthSessions(viewer).repo(viewer, op)) as unknown as RepoOpResult;
    if (result.ok) return result.body;
    const message =
      result.error === "OAuthSessionRequired"
        ? `${result.message} (${publicUrl}/oauth/login?identifier=${encodeURIComponent(viewer)})`
        : result.message;
    throw new XrpcError(result.status as 400 | 401 | 502, result.error, message);
  };
  const ack = (body: Record<string, unknown> | null): WriteAck => {
    const commit = body?.commit as { rev?: unknown } | undefined;
    if (typeof body?.uri !== "string" || typeof body.cid !== "string" || typeof commit?.rev !== "string")
      throw new XrpcError(502, "RepoUnavailable", "the PDS acknowledged the write without its commit");
    return { uri: body.uri, cid: body.cid, rev: commit.rev };
  };
  const stored = (body: Record<string, unknown>): StoredRecord => ({
    uri: body.uri as string,
    cid: body.cid as string,
    value: body.value as Record<string, unknown>,
  });
  return {
    did: viewer,
    createRecord: async (collection, record) => ack(await run({ kind: "create", collection, record })),
    putRecord: async (collection, rkey, record, swapRecord) =>
      ack(await run({ kind: "put", collection, rkey, record, ...(swapRecord ? { swapRecord } : {}) })),
    getRecord: async (collection, rkey) => {
      const body = await run({ kind: "get", collection, rkey });
      return body ? stored(body) : null;
    },
    deleteRecord: async (collection, rkey) => {
      const body = await run({ kind: "delete", collection, rkey });
      const rev = (body?.commit as { rev?: unknown } | undefined)?.rev;
      return typeof rev === "string" ? { rev } : null;
    },
    listRecords: async (collection, opts = {}) => {
      const body = await run({ kind: "list", collection, ...opts });
      const records = Array.isArray(body?.records) ? (body.records as Record<string, unknown>[]) : [];
      const cursor = typeof body?.cursor === "string" ? body.cursor : undefined;
      return { records: records.map(stored), ...(cursor ? { cursor } : {}) };
    },
  };
}
