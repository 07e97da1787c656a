// The Atrarium Worker's API, typed by the method table of @atrarium/lexicon: a call names a method
// (its NSID) with the params (and, for a procedure, the input) its lexicon declares, and gets the
// output its lexicon declares; the request goes to the method's REST alias (apiRequest), so no path is
// spelled here. When someone is signed in, each call carries a fresh service JWT from their own PDS
// (getServiceAuth, audience the Worker's DID, lxm the method); the Worker refuses a token twice, so
// none is reused. If the user's PDS cannot be reached, reads that do not need a signature go out
// anonymously and the app shows the PDS as down. The write procedures (create a community, join,
// leave, moderate) carry the user's Worker session token instead (worker-session.ts): the Worker writes
// into the user's repo with the OAuth grant behind it. A refused token is forgotten, so the UI asks again.
import {
  ATRARIUM_API_ROUTES,
  type AtrariumMethodNsid,
  apiRequest,
  type MethodInput,
  type MethodOutput,
  type MethodParams,
  validateXrpcOutput,
} from "@atrarium/lexicon";
import type { DashboardConfig } from "../config.ts";
import { isUnreachable, type SessionState, type WorkerSession } from "./session.tsx";
import { WORKER_SESSION_ERRORS, WORKER_WRITE_NSIDS } from "./worker-session.ts";

// Answered without asking the Worker when this browser holds no Worker session for the user.
export const NO_WORKER_SESSION = "OAuthSessionRequired";

export class ApiError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

// "none": anonymous even when signed in (a probe that needs no identity); otherwise the method's own.
export type AuthMode = "none" | "optional" | "required";

export interface CallOptions<N extends AtrariumMethodNsid> {
  input?: MethodInput<N>;
  auth?: AuthMode;
}

export interface ApiClient {
  call<N extends AtrariumMethodNsid>(
    nsid: N,
    params: MethodParams<N>,
    opts?: CallOptions<N>,
  ): Promise<MethodOutput<N>>;
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
  worker: Pick<WorkerSession, "token" | "refused">,
): ApiClient {
  const getServiceDid = () => serviceDidOf(cfg.workerUrl);

  const token = async (lxm: AtrariumMethodNsid, auth: AuthMode): Promise<string | null> => {
    if (WORKER_WRITE_NSIDS.has(lxm) && auth !== "none") {
      if (session.status !== "signed-in") throw new ApiError(401, "AuthenticationRequired", "sign in first");
      if (!worker.token) throw new ApiError(401, NO_WORKER_SESSION, "allow Atrarium to write first");
      return worker.token;
    }
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
    async call<N extends AtrariumMethodNsid>(
      nsid: N,
      params: MethodParams<N>,
      opts: CallOptions<N> = {},
    ): Promise<MethodOutput<N>> {
      const request = apiRequest(nsid, params, opts.input);
      const jwt = await token(nsid, opts.auth ?? ATRARIUM_API_ROUTES[nsid].auth);
      const headers: Record<string, string> = { accept: "application/json" };
      if (jwt) headers.authorization = `Bearer ${jwt}`;
      if (request.body !== undefined) headers["content-type"] = "application/json";
      let res: Response;
      try {
        // Relative to the Worker's URL, so a Worker served under a path prefix keeps it.
        res = await fetch(new URL(request.path.slice(1), `${cfg.workerUrl}/`), {
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        });
      } catch (err) {
        throw new ApiError(0, "NetworkError", (err as Error).message);
      }
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) {
        if (
          res.status === 401 &&
          jwt &&
          jwt === worker.token &&
          WORKER_SESSION_ERRORS.has(String(body.error))
        )
          worker.refused(jwt);
        throw new ApiError(
          res.status,
          String(body.error ?? `HTTP${res.status}`),
          String(body.message ?? res.statusText),
        );
      }
      // The Worker answers its lexicon's output (it checks so in its tests); a dev build checks too.
      if (import.meta.env.DEV) {
        const checked = validateXrpcOutput(nsid, body);
        if (!checked.ok) console.warn(`${nsid} answered outside its lexicon`, checked.errors);
      }
      return body as unknown as MethodOutput<N>;
    },
  };
}
