// Minimal XRPC calls over fetch for load generation: a full client's own overhead would be measured too.
export async function call<T>(
  base: string,
  nsid: string,
  opts: { body?: unknown; token?: string; query?: string } = {},
) {
  const res = await fetch(`${base}/xrpc/${nsid}${opts.query ? `?${opts.query}` : ""}`, {
    method: opts.body === undefined ? "GET" : "POST",
    headers: {
      ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (!res.ok) throw new Error(`${nsid} failed ${res.status}: ${await res.text()}`);
  const type = res.headers.get("content-type") ?? "";
  return (type.includes("json") ? await res.json() : new Uint8Array(await res.arrayBuffer())) as T;
}

export async function newAccount(base: string, name: string) {
  return call<{ did: string; accessJwt: string }>(base, "com.atproto.server.createAccount", {
    body: { handle: `${name}.test`, password: "bench-password", email: `${name}@bench.test` },
  });
}

export const postRecord = (i: number) => ({
  $type: "app.bsky.feed.post",
  text: `benchmark post number ${i} #atrarium_0badcafe`,
  createdAt: new Date().toISOString(),
});
