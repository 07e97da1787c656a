// When the PDS's OAuth fetches take the operator's egress proxy (NODE_USE_ENV_PROXY + HTTPS_PROXY) and
// which hosts NO_PROXY exempts (those keep the connect-time address guard). The traffic itself going
// through a proxy is shown end to end in e2e/atrarium-oauth-https.destructive.test.ts.
import { describe, expect, it } from "vitest";
import { fetchThroughEnvProxy } from "../src/oauth/env-proxy-fetch.ts";
import { envProxyInUse, exemptFromProxy } from "../src/proxy/env-proxy.ts";

describe("egress proxy for OAuth fetches", () => {
  it("is on only with the Node switch and a proxy for https", () => {
    const proxy = { HTTPS_PROXY: "http://127.0.0.1:3128" };
    expect(envProxyInUse({ ...proxy, NODE_USE_ENV_PROXY: "1" }, [])).toBe(true);
    expect(envProxyInUse({ http_proxy: "http://p:1", NODE_USE_ENV_PROXY: "1" }, [])).toBe(true);
    expect(envProxyInUse(proxy, ["--use-env-proxy"])).toBe(true);
    expect(envProxyInUse(proxy, [])).toBe(false);
    expect(envProxyInUse({ NODE_USE_ENV_PROXY: "1" }, [])).toBe(false);
  });

  it("reads NO_PROXY as Node does: names with their subdomains, ports, *", () => {
    const env = { NO_PROXY: "localhost, 127.0.0.1,.corp.example, *.lan,internal.example:8443" };
    const exempt = (url: string) => exemptFromProxy(new URL(url), env);
    expect(exempt("https://localhost:2583/")).toBe(true);
    expect(exempt("https://127.0.0.1/")).toBe(true);
    expect(exempt("https://a.corp.example/")).toBe(true);
    expect(exempt("https://printer.lan/")).toBe(true);
    expect(exempt("https://internal.example:8443/")).toBe(true);
    expect(exempt("https://internal.example/")).toBe(false);
    expect(exempt("https://atrarium.internal:8443/")).toBe(false);
    expect(exempt("https://notlocalhost/")).toBe(false);
    expect(exemptFromProxy(new URL("https://anything/"), { no_proxy: "*" })).toBe(true);
    expect(exemptFromProxy(new URL("https://anything/"), {})).toBe(false);
  });

  it("refuses to follow redirects through the proxy", async () => {
    const viaProxy = fetchThroughEnvProxy({ HTTPS_PROXY: "http://127.0.0.1:9" });
    await expect(viaProxy("https://client.example.com/meta.json", { redirect: "follow" })).rejects.toThrow(
      /must not follow redirects/,
    );
  });
});
