// A structural check of decoded subscribeRepos frames, enough for @atproto/sync's parsers to work on
// them safely (they verify the rest: CAR, signature, MST proofs). Anything else, including kinds newer
// than this code, is skipped and counted by the caller.
import { isCid } from "@atproto/lex-data";

const PREFIX = "com.atproto.sync.subscribeRepos#";

export type FirehoseMessage =
  | { kind: "commit" | "identity" | "account" | "sync"; seq: number; body: Record<string, unknown> }
  | { kind: "info"; body: Record<string, unknown> };

export function asFirehoseMessage(value: unknown): FirehoseMessage | undefined {
  if (!value || typeof value !== "object") return undefined;
  const body = value as Record<string, unknown>;
  const type = typeof body.$type === "string" ? body.$type : "";
  if (!type.startsWith(PREFIX)) return undefined;
  const kind = type.slice(PREFIX.length);
  if (kind === "info") return typeof body.name === "string" ? { kind, body } : undefined;
  if (typeof body.seq !== "number" || !Number.isSafeInteger(body.seq) || body.seq < 0) return undefined;
  if (typeof body.time !== "string") return undefined;
  switch (kind) {
    case "commit":
      if (typeof body.repo !== "string" || typeof body.rev !== "string") return undefined;
      if (!(body.blocks instanceof Uint8Array) || !Array.isArray(body.ops) || !isCid(body.commit))
        return undefined;
      if (!body.ops.every(isOp)) return undefined;
      return { kind, seq: body.seq, body };
    case "identity":
    case "account":
    case "sync":
      return typeof body.did === "string" ? { kind, seq: body.seq, body } : undefined;
    default:
      return undefined;
  }
}

function isOp(op: unknown): boolean {
  if (!op || typeof op !== "object") return false;
  const { action, path, cid } = op as Record<string, unknown>;
  if (typeof path !== "string" || !path.includes("/")) return false;
  if (action === "delete") return cid === null || cid === undefined;
  return (action === "create" || action === "update") && isCid(cid);
}
