// The pure parts of service proxying, following the official PDS's pipethrough.ts: the atproto-proxy
// header's syntax, the methods that are never proxied, and error names for bare upstream statuses.
import { isValidDid } from "@atproto/syntax";
import { InvalidDidWebError, parseDidWeb } from "../identity/did-web.ts";
import { XrpcError } from "../xrpc/errors.ts";

// `<did>#<serviceId>`, with the official PDS's error messages.
export function parseProxyHeader(proxyTo: string): { did: string; serviceId: string } {
  const hash = proxyTo.indexOf("#");
  if (hash === 0) throw new XrpcError(400, "InvalidRequest", "no did specified in proxy header");
  if (hash === -1 || hash === proxyTo.length - 1) {
    throw new XrpcError(400, "InvalidRequest", "no service id specified in proxy header");
  }
  if (proxyTo.indexOf("#", hash + 1) !== -1) {
    throw new XrpcError(400, "InvalidRequest", "invalid proxy header format");
  }
  if (proxyTo.includes(" ")) throw new XrpcError(400, "InvalidRequest", "proxy header cannot contain spaces");
  const did = proxyTo.slice(0, hash);
  if (!isValidDid(did)) throw new XrpcError(400, "InvalidRequest", "invalid did in proxy header");
  assertHostLevelDidWeb(did);
  return { did, serviceId: proxyTo.slice(hash + 1) };
}

// A did:web whose decoded identifier is more than a host is refused here, with the reason, rather
// than reported later as a DID that could not be resolved. (Path-based did:web stays unresolvable.)
function assertHostLevelDidWeb(did: string): void {
  if (!did.startsWith("did:web:") || did.slice("did:web:".length).includes(":")) return;
  try {
    parseDidWeb(did);
  } catch (err) {
    if (!(err instanceof InvalidDidWebError)) throw err;
    throw new XrpcError(400, "InvalidRequest", `invalid did in proxy header: ${err.message}`);
  }
}

// Account management: used directly on the PDS, never proxied or service-authed (lower-cased, as the
// official PDS matches methods case-insensitively).
export const PROTECTED_METHODS = new Set(
  [
    "com.atproto.admin.sendEmail",
    "com.atproto.identity.requestPlcOperationSignature",
    "com.atproto.identity.signPlcOperation",
    "com.atproto.identity.updateHandle",
    "com.atproto.server.activateAccount",
    "com.atproto.server.confirmEmail",
    "com.atproto.server.createAppPassword",
    "com.atproto.server.deactivateAccount",
    "com.atproto.server.getAccountInviteCodes",
    "com.atproto.server.getSession",
    "com.atproto.server.listAppPasswords",
    "com.atproto.server.requestAccountDelete",
    "com.atproto.server.requestEmailConfirmation",
    "com.atproto.server.requestEmailUpdate",
    "com.atproto.server.revokeAppPassword",
    "com.atproto.server.updateEmail",
  ].map((m) => m.toLowerCase()),
);

// @atproto/xrpc's names for statuses, used when an upstream error body carries no `error`.
const STATUS_NAMES: Record<number, string> = {
  400: "InvalidRequest",
  401: "AuthenticationRequired",
  403: "Forbidden",
  404: "XRPCNotSupported",
  406: "NotAcceptable",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  429: "RateLimitExceeded",
  500: "InternalServerError",
  501: "MethodNotImplemented",
  502: "UpstreamFailure",
  503: "NotEnoughResources",
  504: "UpstreamTimeout",
};

export function upstreamErrorName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? "UpstreamFailure" : "InvalidRequest");
}
