// Outbound fetches of the authorization server (client metadata documents, their JWKS, lexicons for
// `include:` scopes): the provider's safeFetchWrap (https only, size and time bounds, a connect-time
// check of the resolved address) with our rule on top: a host given as an IP literal must be a public
// address (@atrarium/public-address, the rule proxying follows). With PDS_DISABLE_SSRF_PROTECTION (the
// devnet and local development), plain http, custom ports, loopback and private addresses are allowed.
// Behind an egress proxy (NODE_USE_ENV_PROXY + HTTPS_PROXY) the fetches go through it (env-proxy-fetch.ts).
import net from "node:net";
import { safeFetchWrap } from "@atproto/oauth-provider/provider";
import { isPublicAddress } from "@atrarium/public-address";
import { envProxyInUse } from "../proxy/env-proxy.ts";
import { fetchThroughEnvProxy } from "./env-proxy-fetch.ts";

export function oauthSafeFetch(disableSsrfProtection: boolean): typeof globalThis.fetch {
  const base = envProxyInUse() ? fetchThroughEnvProxy() : globalThis.fetch;
  if (disableSsrfProtection)
    return safeFetchWrap({
      fetch: base,
      ssrfProtection: false,
      allowHttp: true,
      allowCustomPort: true,
      allowPrivateIps: true,
    });
  const publicOnly: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host) !== 0 && !isPublicAddress(host))
      throw new TypeError(`${host} is not a public address`);
    return base(input, init);
  };
  return safeFetchWrap({ fetch: publicOnly, ssrfProtection: true }) as typeof globalThis.fetch;
}
