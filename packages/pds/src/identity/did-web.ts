// did:web -> the URL of its DID document. Percent-decoding the identifier can yield any URL text, so
// `did:web:host%2Fpath%3F` or `did:web:bsky.app%40evil.example` would fetch a document from a path,
// query or host the DID does not name. Only a plain host is allowed, plus `%3A<port>` (the one encoded
// part the did:web spec needs), and nothing is decoded beyond that.

export class InvalidDidWebError extends Error {}

const PREFIX = "did:web:";
// Lower-case DNS labels (or the digits of an IPv4 address), none empty, no hyphen at either end.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_HOST = 253;

export interface DidWebHost {
  hostname: string;
  port?: number;
}

export function parseDidWeb(did: string): DidWebHost {
  if (!did.startsWith(PREFIX)) throw new InvalidDidWebError(`not a did:web: ${did}`);
  const id = did.slice(PREFIX.length);
  // atproto uses host-level did:web only; `did:web:host:path` names a document under a path.
  if (id.includes(":")) throw new InvalidDidWebError(`did:web with a path is not supported: ${did}`);
  const portMatch = /%3A(\d{1,5})$/i.exec(id);
  const hostname = portMatch ? id.slice(0, portMatch.index) : id;
  if (hostname.includes("%")) {
    throw new InvalidDidWebError(`did:web may encode only %3A before a port: ${did}`);
  }
  if (
    hostname.length === 0 ||
    hostname.length > MAX_HOST ||
    !hostname.split(".").every((label) => LABEL.test(label))
  ) {
    throw new InvalidDidWebError(
      `did:web host ${JSON.stringify(hostname)} may only contain a-z, 0-9, '.' and '-' in non-empty labels`,
    );
  }
  if (!portMatch) return { hostname };
  const port = Number(portMatch[1]);
  if (port < 1 || port > 65535) throw new InvalidDidWebError(`did:web port out of range: ${did}`);
  return { hostname, port };
}

/** https://host[:port]/.well-known/did.json (http for localhost and 127.0.0.1, a devnet's services). */
export function didWebDocumentUrl(did: string): URL {
  const { hostname, port } = parseDidWeb(did);
  const scheme = hostname === "localhost" || hostname === "127.0.0.1" ? "http" : "https";
  const url = new URL(`${scheme}://${hostname}${port === undefined ? "" : `:${port}`}/.well-known/did.json`);
  // Belt and braces: the URL parser must agree that this is the host we checked.
  if (url.hostname !== hostname || url.pathname !== "/.well-known/did.json" || url.username || url.search) {
    throw new InvalidDidWebError(`did:web does not name a plain host: ${did}`);
  }
  return url;
}
