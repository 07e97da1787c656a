// Which upstream may speak for a DID: only the PDS its DID document names (`#atproto_pds`), as a relay
// checks. Documents come through the service's IdResolver and its cache; an #identity event asks for a
// fresh one, since the DID may just have moved to another PDS.
import { getPds, type IdResolver } from "@atproto/identity";

export async function isHostedBy(
  idResolver: IdResolver,
  did: string,
  upstream: string,
  refresh = false,
): Promise<boolean> {
  const doc = await idResolver.did.resolve(did, refresh);
  const pds = doc ? getPds(doc) : undefined;
  return pds !== undefined && sameServer(pds, upstream);
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "ws:": "80", "https:": "443", "wss:": "443" };

// Same host and port, whatever the scheme (`wss://pds.example` reads `https://pds.example`), and every
// loopback name counted as one host: a devnet PDS publishes http://localhost:PORT in its documents
// while Jetstream reads it at http://127.0.0.1:PORT.
export function sameServer(a: string, b: string): boolean {
  const hostPort = (raw: string): string | null => {
    try {
      const url = new URL(raw);
      const host = LOOPBACK.test(url.hostname) ? "loopback" : url.hostname;
      return `${host}:${url.port || DEFAULT_PORTS[url.protocol] || ""}`;
    } catch {
      return null;
    }
  };
  const left = hostPort(a);
  return left !== null && left === hostPort(b);
}
