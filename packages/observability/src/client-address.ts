// Whether the other end of a connection is this host, for routes only the operator may read: the TCP
// peer address (never a header a client can write), IPv4-mapped forms included.
import { BlockList, isIPv4, isIPv6 } from "node:net";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (isIPv4(address)) return loopback.check(address, "ipv4");
  return isIPv6(address) && loopback.check(address, "ipv6");
}

// A reverse proxy on the same host connects from loopback on behalf of someone else; its forwarding
// headers say so.
export function isForwarded(header: (name: string) => string | undefined): boolean {
  return ["forwarded", "x-forwarded-for", "x-real-ip"].some((name) => header(name) !== undefined);
}
