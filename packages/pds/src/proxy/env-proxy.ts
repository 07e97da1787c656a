// The operator's egress proxy as Node itself reads it: on when the process runs with
// NODE_USE_ENV_PROXY=1 (or --use-env-proxy) and HTTPS_PROXY / HTTP_PROXY name a proxy, minus the hosts
// NO_PROXY exempts. Node then sends fetch() and its global agents through the proxy; our own agents and
// the OAuth provider's per-request dispatchers need to be told, so they read the same settings here.
export function envProxyInUse(env = process.env, execArgv = process.execArgv): boolean {
  const enabled =
    execArgv.includes("--use-env-proxy") || ["1", "true"].includes(env.NODE_USE_ENV_PROXY ?? "");
  return enabled && envProxyFor("https:", env) !== undefined;
}

// The proxy a request with this URL protocol would take, if any (exemptions aside).
export function envProxyFor(protocol: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value =
    protocol === "https:"
      ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy)
      : (env.HTTP_PROXY ?? env.http_proxy);
  return value || undefined;
}

// NO_PROXY as Node's proxy agent reads it: "*", or comma/space separated host names (a leading "." or
// "*." matches subdomains; a bare name matches itself and its subdomains), each optionally with a port.
export function exemptFromProxy(url: URL, env: NodeJS.ProcessEnv = process.env): boolean {
  const list = (env.NO_PROXY ?? env.no_proxy ?? "").toLowerCase();
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return list
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ""));
      const name = (match?.[1] ?? "").replace(/^\*?\./, "");
      if (match?.[2] && match[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

// Whether a request to this URL goes through the proxy.
export function goesThroughEnvProxy(url: URL, env = process.env, execArgv = process.execArgv): boolean {
  return (
    envProxyInUse(env, execArgv) && envProxyFor(url.protocol, env) !== undefined && !exemptFromProxy(url, env)
  );
}
