// outboundRequest in the shape of fetch, for libraries that take one (@atproto/identity's DID
// resolvers): the same SSRF guard and timeouts, no redirects followed, and a small body read whole
// under a size cap, since what comes back is a document someone else wrote.
import { headerValue, outboundRequest, readSmallBody } from "./outbound-http.ts";

export interface OutboundFetchOptions {
  // Plain http and loopback/private addresses are refused unless this is set (devnet).
  allowPrivate: boolean;
  timeoutMs: number;
  maxBodyBytes: number;
}

export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function outboundFetch(opts: OutboundFetchOptions): OutboundFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.body !== null) throw new TypeError("outboundFetch sends no request body");
    const res = await outboundRequest(new URL(request.url), {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      allowPrivate: opts.allowPrivate,
      headersTimeoutMs: opts.timeoutMs,
      idleTimeoutMs: opts.timeoutMs,
      signal: request.signal,
    });
    const status = res.statusCode ?? 502;
    const type = headerValue(res.headers, "content-type");
    const headers = type === undefined ? undefined : { "content-type": type };
    // A redirect, an error or an empty answer: the status is all a resolver looks at.
    if (status < 200 || status >= 300 || status === 204 || status === 205 || request.method === "HEAD") {
      res.resume();
      return new Response(null, { status, headers });
    }
    return new Response(await readSmallBody(res, opts.maxBodyBytes), { status, headers });
  };
}
