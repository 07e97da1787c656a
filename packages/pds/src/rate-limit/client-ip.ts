// The client address rate limits count under: the TCP peer, never a header a client can write,
// unless the operator says a reverse proxy on the way is trusted (PDS_TRUST_PROXY). Then it is the
// last X-Forwarded-For entry, the one that proxy appended for its own peer (entries before it are
// whatever the client sent and prove nothing).
import { isIPv4 } from "node:net";

export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor.split(",").at(-1)?.trim();
    if (last) return normalizeIp(last);
  }
  return normalizeIp(socketAddress ?? "unknown");
}

// An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d; one client, one key, one bypass entry.
export function normalizeIp(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : address.toLowerCase();
}

// The TCP peer from @hono/node-server's bindings (absent in other runtimes).
export function peerAddress(env: unknown): string | undefined {
  return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
}
