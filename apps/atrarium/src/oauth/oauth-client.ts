// The Worker's OAuth client: @atproto/oauth-client (the runtime-neutral core; oauth-client-node needs
// Node) with a WebCrypto/jose runtime, the Worker's own identity resolution, its Durable Object stores
// and a fetch that workerd accepts. Built once per isolate (login and callback in the Worker) and once
// per OAuthSessions object (where a user's session is refreshed and used, one object per DID, so its
// in-memory lock is the only lock a refresh needs).
import { JoseKey } from "@atproto/jwk-jose";
import {
  type InternalStateData,
  OAuthClient,
  type RuntimeImplementation,
  type Session,
  type SessionStore,
  type StateStore,
} from "@atproto/oauth-client";
import type { DidResolver } from "../identity/did-resolver.ts";
import { clientMetadataOf } from "./client-metadata.ts";
import { oauthIdentityResolver } from "./oauth-identity.ts";
import type { OAuthSettings } from "./oauth-settings.ts";
import {
  restoreSession,
  restoreState,
  type SavedSession,
  type SavedState,
  saveSession,
  saveState,
} from "./saved-session.ts";
import type { SealedBox } from "./sealed-box.ts";

const PENDING_TTL_MS = 3600 * 1000;

// Where sealed sessions and pending authorizations live (Durable Object RPC, or the object itself).
export interface SessionVault {
  load(did: string): Promise<string | null>;
  save(did: string, sealed: string): Promise<void>;
  remove(did: string): Promise<void>;
}

export interface PendingVault {
  put(key: string, sealed: string, expires: number): Promise<void>;
  get(key: string): Promise<string | null>;
  remove(key: string): Promise<void>;
}

const DIGESTS = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" } as const;

const runtime: RuntimeImplementation = {
  createKey: (algs) => JoseKey.generate(algs),
  getRandomValues: (length) => crypto.getRandomValues(new Uint8Array(length)),
  digest: async (bytes, { name }) => new Uint8Array(await crypto.subtle.digest(DIGESTS[name], bytes)),
};

// workerd refuses `redirect: "error"` (the library's resolvers ask for it): fetch manually and treat a
// redirect as the failure "error" would have been.
const workerdFetch: typeof fetch = async (input, init) => {
  if (init?.redirect !== "error") return fetch(input, init);
  const res = await fetch(input, { ...init, redirect: "manual" });
  if (res.status >= 300 && res.status < 400) throw new TypeError(`unexpected redirect from ${res.url}`);
  return res;
};

// `vault` gives a fresh handle per use: a Durable Object stub must not outlive its request.
export function stateStore(vault: () => PendingVault, box: SealedBox): StateStore {
  const owner = (key: string) => `pending:${key}`;
  return {
    get: async (key) => {
      const sealed = await vault().get(key);
      const saved = sealed ? await box.open<SavedState>(sealed, owner(key)) : undefined;
      return saved ? restoreState(saved) : undefined;
    },
    set: async (key, value: InternalStateData) =>
      vault().put(key, await box.seal(saveState(value), owner(key)), Date.now() + PENDING_TTL_MS),
    del: (key) => vault().remove(key),
  };
}

export function sessionStore(vault: SessionVault, box: SealedBox): SessionStore {
  return {
    get: async (did) => {
      const sealed = await vault.load(did);
      const saved = sealed ? await box.open<SavedSession>(sealed, did) : undefined;
      return saved ? restoreSession(saved) : undefined;
    },
    set: async (did, value: Session) => vault.save(did, await box.seal(saveSession(value), did)),
    del: (did) => vault.remove(did),
  };
}

export async function buildOAuthClient(
  settings: OAuthSettings,
  deps: { resolver: DidResolver; stateStore: StateStore; sessionStore: SessionStore },
): Promise<OAuthClient> {
  const keyset = settings.clientKey ? [await JoseKey.fromJWK(settings.clientKey)] : undefined;
  return new OAuthClient({
    responseMode: "query",
    clientMetadata: clientMetadataOf(settings),
    keyset,
    allowHttp: settings.allowHttp,
    stateStore: deps.stateStore,
    sessionStore: deps.sessionStore,
    runtimeImplementation: runtime,
    identityResolver: oauthIdentityResolver(deps.resolver, settings.handleResolverUrl),
    fetch: workerdFetch,
  });
}

// The public half of the client's keys (GET /oauth/jwks.json).
export async function publicJwks(settings: OAuthSettings): Promise<{ keys: unknown[] }> {
  if (!settings.clientKey) return { keys: [] };
  const key = await JoseKey.fromJWK(settings.clientKey);
  return { keys: [key.publicJwk] };
}
