// The host a did:web names, checked after percent-decoding: atproto allows host-level did:web only,
// with a port as `%3A<digits>`. Anything else that decodes to a URL delimiter (`%2F` path, `%3F`
// query, `%23` fragment, `%40` userinfo) would make the Worker fetch from somewhere the DID does not
// name, so only lowercase DNS labels (or an IPv4 address) and that one escape are accepted.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DID_WEB = new RegExp(`^did:web:((?:${LABEL}\\.)*${LABEL})(?:%3[aA]([0-9]{1,5}))?$`);
const MAX_HOST_LENGTH = 253;

export interface DidWebHost {
  hostname: string;
  port: number | null;
}

// null when `did` is not a did:web Atrarium accepts.
export function didWebHost(did: string): DidWebHost | null {
  const match = DID_WEB.exec(did);
  if (!match || match[1].length > MAX_HOST_LENGTH) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { hostname: match[1], port };
}

// https, except plain http for a loopback host (a devnet).
export function didWebDocumentUrl({ hostname, port }: DidWebHost): string {
  const scheme = hostname === "localhost" || hostname === "127.0.0.1" ? "http" : "https";
  return `${scheme}://${hostname}${port === null ? "" : `:${port}`}/.well-known/did.json`;
}
