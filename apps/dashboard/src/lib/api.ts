// The Atrarium Worker's API (REST aliases of the net.atrarium.* methods). When someone is signed in,
// each call carries a fresh service JWT from their own PDS (getServiceAuth, audience the Worker's DID,
// lxm the method); the Worker refuses a token twice, so none is reused. If the user's PDS cannot
// be reached, reads that do not need a signature go out anonymously and the app shows the PDS as down.
import type { DashboardConfig } from "../config.ts";
import { isUnreachable, type SessionState } from "./session.tsx";

export class ApiError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

export type AuthMode = "none" | "optional" | "required";

export interface CallOptions {
  lxm: string;
  auth: AuthMode;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface ApiClient {
  call<T>(path: string, opts: CallOptions): Promise<T>;
  serviceDid(): Promise<string>;
}

// The Worker's DID (the audience of service JWTs), from its /.well-known/did.json, once per Worker.
const serviceDids = new Map<string, Promise<string>>();

function serviceDidOf(workerUrl: string): Promise<string> {
  let did = serviceDids.get(workerUrl);
  if (!did) {
    did = fetch(`${workerUrl}/.well-known/did.json`).then(async (res) => {
      const doc = (await res.json()) as { id?: unknown };
      if (!res.ok || typeof doc.id !== "string") throw new ApiError(res.status, "NoServiceDid", "no DID");
      return doc.id;
    });
    did.catch(() => serviceDids.delete(workerUrl));
    serviceDids.set(workerUrl, did);
  }
  return did;
}

export function createApiClient(
  cfg: DashboardConfig,
  session: SessionState,
  setPdsReachable: (reachable: boolean) => void,
): ApiClient {
  const getServiceDid = () => serviceDidOf(cfg.workerUrl);

  const token = async (lxm: string, auth: AuthMode): Promise<string | null> => {
    if (auth === "none" || session.status !== "signed-in") {
      if (auth === "required") throw new ApiError(401, "AuthenticationRequired", "sign in first");
      return null;
    }
    try {
      const res = await session.agent.com.atproto.server.getServiceAuth({ aud: await getServiceDid(), lxm });
      setPdsReachable(true);
      return res.data.token;
    } catch (err) {
      if (!isUnreachable(err) || auth === "required") {
        if (isUnreachable(err)) setPdsReachable(false);
        throw err;
      }
      setPdsReachable(false);
      return null;
    }
  };

  return {
    serviceDid: getServiceDid,
    async call<T>(path: string, opts: CallOptions): Promise<T> {
      const url = new URL(path, `${cfg.workerUrl}/`);
      for (const [k, v] of Object.entries(opts.params ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      const jwt = await token(opts.lxm, opts.auth);
      const headers: Record<string, string> = { accept: "application/json" };
      if (jwt) headers.authorization = `Bearer ${jwt}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      let res: Response;
      try {
        res = await fetch(url, {
          method: opts.body === undefined ? "GET" : "POST",
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        });
      } catch (err) {
        throw new ApiError(0, "NetworkError", (err as Error).message);
      }
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok)
        throw new ApiError(
          res.status,
          String(body.error ?? `HTTP${res.status}`),
          String(body.message ?? res.statusText),
        );
      return body as T;
    },
  };
}
