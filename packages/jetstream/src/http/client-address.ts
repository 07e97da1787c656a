// Who is on the other end of a connection, for the per-client connection cap: the TCP peer address,
// never a header a client can write. (Loopback-only routes: @atrarium/observability's operatorOnly.)
import { isIPv4, isIPv6 } from "node:net";

// The key connections are counted under: an IPv4 address, or the /64 of an IPv6 one (one host usually
// holds a whole /64, so counting single IPv6 addresses would be no cap at all).
export function clientKey(address: string | undefined): string {
  if (!address) return "unknown";
  const v4 = ipv4Of(address);
  if (v4) return v4;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function ipv4Of(address: string): string | undefined {
  if (isIPv4(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : undefined;
}

// Eight hextets without leading zeros, `::` expanded (an embedded IPv4 tail counts as two hextets).
function expandIPv6(address: string): string[] {
  const [head, tail = ""] = address.toLowerCase().split("%")[0].split("::");
  const part = (s: string) =>
    s === ""
      ? []
      : s.split(":").flatMap((h) => {
          if (!h.includes(".")) return [Number.parseInt(h, 16).toString(16)];
          const [a, b, c, d] = h.split(".").map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = part(head);
  const right = address.includes("::") ? part(tail) : [];
  return [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
}
