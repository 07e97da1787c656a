// Handles this PDS can hand out: valid syntax, under one of the configured domains (e.g. `.test`),
// with a single-label name of 3-18 characters that is not reserved, as the official PDS requires.
import { ensureValidHandle, normalizeHandle } from "@atproto/syntax";
import type { AppContext } from "../context.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { isReservedHandleName } from "./reserved-handles.ts";

// `allowReserved`: the administrator may hand out reserved names (the official allowAnyValid).
export function normalizeServiceHandle(
  ctx: Pick<AppContext, "cfg">,
  raw: string,
  opts: { allowReserved?: boolean } = {},
): string {
  const handle = normalizeHandle(raw);
  try {
    ensureValidHandle(handle);
  } catch (err) {
    throw new XrpcError(400, "InvalidHandle", `Input/handle: ${(err as Error).message}`);
  }
  const name = nameUnderDomains(ctx.cfg.handleDomains, handle);
  if (name === null) {
    throw new XrpcError(
      400,
      "UnsupportedDomain",
      `Not a supported handle domain (${ctx.cfg.handleDomains.join(", ")})`,
    );
  }
  if (name.includes(".")) throw new XrpcError(400, "InvalidHandle", "Invalid characters in handle");
  if (name.length < 3) throw new XrpcError(400, "InvalidHandle", "Handle too short");
  if (name.length > 18) throw new XrpcError(400, "InvalidHandle", "Handle too long");
  if (!opts.allowReserved && isReservedHandleName(name))
    throw new XrpcError(400, "HandleNotAvailable", `Reserved handle: ${handle}`);
  return handle;
}

/** Whether a (normalized) handle is under one of our handle domains, e.g. `alice.test`. */
export function isServiceHandle(handleDomains: string[], handle: string): boolean {
  return nameUnderDomains(handleDomains, handle) !== null;
}

/** Whether a (lower-case) name under one of our domains is reserved, e.g. `admin.test`. */
export function isReservedServiceHandle(handleDomains: string[], handle: string): boolean {
  const name = nameUnderDomains(handleDomains, handle);
  return name !== null && isReservedHandleName(name);
}

// `alice` of `alice.test`; null when the handle is under none of the domains.
function nameUnderDomains(handleDomains: string[], handle: string): string | null {
  const domain = handleDomains.find((d) => handle.endsWith(d));
  return domain === undefined ? null : handle.slice(0, -domain.length);
}
