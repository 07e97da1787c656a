// Outbound OAuth fetches through an operator's egress proxy. Node sends fetch() through HTTPS_PROXY /
// HTTP_PROXY (minus NO_PROXY) when started with NODE_USE_ENV_PROXY=1 or --use-env-proxy: its global
// dispatcher becomes a proxy agent. The provider's safeFetchWrap gives every request a dispatcher of its
// own (the connect-time address guard), which would silently go around that proxy, and fail on names only
// the proxy can reach. So when the proxy is on, a request the proxy carries drops that dispatcher: the
// proxy resolves the name and connects, so it is the proxy's destination policy that guards the address.
// The URL checks that run before the request (https only, forbidden domains, our IP-literal rule) stay,
// and a redirect is never followed (its hop could not be checked). Hosts NO_PROXY exempts keep the guard.
import { envProxyFor, exemptFromProxy } from "../proxy/env-proxy.ts";

export function fetchThroughEnvProxy(env = process.env): typeof globalThis.fetch {
  return async (input, init) => {
    const { dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
    const url = new URL(input instanceof Request ? input.url : input);
    if (!envProxyFor(url.protocol, env) || exemptFromProxy(url, env)) return globalThis.fetch(input, init);
    const request = new Request(input, rest);
    if (request.redirect === "follow") {
      await request.body?.cancel();
      throw new TypeError(`fetch of ${url.origin} through the egress proxy must not follow redirects`);
    }
    return globalThis.fetch(request);
  };
}
