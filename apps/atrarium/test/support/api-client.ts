// Calling the Atrarium API as a dashboard would: service JWTs minted by the caller's own PDS
// (com.atproto.server.getServiceAuth), one per call since the Worker rejects a replayed token.
import type { AtpAgent } from "@atproto/api";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function serviceJwt(agent: AtpAgent, aud: string, lxm: string, exp?: number): Promise<string> {
  const res = await agent.com.atproto.server.getServiceAuth({ aud, lxm, exp });
  return res.data.token;
}

export async function callApi<T = Record<string, unknown>>(
  workerUrl: string,
  path: string,
  opts: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(new URL(path, workerUrl), {
    method: opts.method ?? (opts.body !== undefined ? "POST" : "GET"),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}

// A signed-in call: mints a fresh token from the agent's PDS for `lxm`, then calls `path`.
export async function callAs<T = Record<string, unknown>>(
  agent: AtpAgent,
  worker: { url: string; did: string },
  lxm: string,
  path: string,
  opts: { method?: string; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const token = await serviceJwt(agent, worker.did, lxm);
  return callApi<T>(worker.url, path, { ...opts, token });
}

// Polls `check` (bounded in time) until it returns a value.
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} not reached in ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
}
