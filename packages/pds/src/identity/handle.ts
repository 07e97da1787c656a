// Handles this PDS can hand out: valid syntax, under one of the configured domains (e.g. `.test`),
// with a single-label name of 3-18 characters as the official PDS requires.
import { ensureValidHandle, normalizeHandle } from "@atproto/syntax";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";

export function normalizeServiceHandle(ctx: AppContext, raw: string): string {
  const handle = normalizeHandle(raw);
  try {
    ensureValidHandle(handle);
  } catch (err) {
    throw new XrpcError(400, "InvalidHandle", `Input/handle: ${(err as Error).message}`);
  }
  const domain = ctx.cfg.handleDomains.find((d) => handle.endsWith(d));
  if (!domain) {
    throw new XrpcError(
      400,
      "UnsupportedDomain",
      `Not a supported handle domain (${ctx.cfg.handleDomains.join(", ")})`,
    );
  }
  const name = handle.slice(0, -domain.length);
  if (name.includes(".")) throw new XrpcError(400, "InvalidHandle", "Invalid characters in handle");
  if (name.length < 3) throw new XrpcError(400, "InvalidHandle", "Handle too short");
  if (name.length > 18) throw new XrpcError(400, "InvalidHandle", "Handle too long");
  return handle;
}
