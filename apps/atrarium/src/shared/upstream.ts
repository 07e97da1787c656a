// Outbound HTTP to other services (PLC, PDSs, the relay): plain fetch with `redirect: "manual"`
// (workerd rejects "error"; a redirect is treated as a failure, never followed), a timeout and a cap
// on the body size, so a slow or hostile upstream cannot hold or flood the Worker.
export class UpstreamError extends Error {
  // The HTTP status, when the upstream answered at all.
  readonly status: number | null;
  // The XRPC error name of an upstream error body, if it had one.
  readonly xrpcError: string | null;

  constructor(message: string, status: number | null = null, xrpcError: string | null = null) {
    super(message);
    this.status = status;
    this.xrpcError = xrpcError;
  }
}

export interface UpstreamResponse {
  status: number;
  bytes: Uint8Array;
  contentType: string;
}

export interface UpstreamOptions {
  timeoutMs?: number;
  maxBytes?: number;
  accept?: string;
  fetch?: typeof fetch;
}

export async function getUpstream(url: string, opts: UpstreamOptions = {}): Promise<UpstreamResponse> {
  const doFetch = opts.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(url, {
      redirect: "manual",
      headers: { accept: opts.accept ?? "application/json" },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
    });
  } catch (err) {
    throw new UpstreamError(`${new URL(url).origin} unreachable: ${(err as Error).message}`);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new UpstreamError(`${new URL(url).origin} answered a redirect`, res.status);
  }
  const bytes = await readLimited(res, opts.maxBytes ?? 1024 * 1024);
  return { status: res.status, bytes, contentType: res.headers.get("content-type") ?? "" };
}

// GET returning JSON; a non-2xx answer becomes an UpstreamError with its XRPC error name.
export async function getJson<T>(url: string, opts: UpstreamOptions = {}): Promise<T> {
  const res = await getUpstream(url, opts);
  const text = new TextDecoder().decode(res.bytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(`${new URL(url).pathname} answered ${res.status} with non-JSON`, res.status);
  }
  if (res.status < 200 || res.status >= 300) {
    const error = (body as { error?: unknown })?.error;
    throw new UpstreamError(
      `${new URL(url).pathname} answered ${res.status}`,
      res.status,
      typeof error === "string" ? error : null,
    );
  }
  return body as T;
}

async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new UpstreamError(`response of ${declared} bytes is over the ${maxBytes} byte limit`, res.status);
  }
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError(`response is over the ${maxBytes} byte limit`, res.status);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
