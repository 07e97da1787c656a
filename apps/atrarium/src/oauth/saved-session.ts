// What the OAuth client keeps between requests, as JSON: its in-flight authorizations (state) and its
// sessions, with the DPoP private key as a JWK (the library hands us live Key objects).
import { JoseKey } from "@atproto/jwk-jose";
import type { InternalStateData, Key, Session } from "@atproto/oauth-client";

export type SavedState = Omit<InternalStateData, "dpopKey"> & { dpopJwk: Record<string, unknown> };
export type SavedSession = Omit<Session, "dpopKey"> & { dpopJwk: Record<string, unknown> };

function privateJwk(key: Key): Record<string, unknown> {
  const jwk = key.privateJwk;
  if (!jwk) throw new Error("a DPoP key without its private part cannot be kept");
  return jwk as unknown as Record<string, unknown>;
}

export function saveState({ dpopKey, ...rest }: InternalStateData): SavedState {
  return { ...rest, dpopJwk: privateJwk(dpopKey) };
}

export async function restoreState({ dpopJwk, ...rest }: SavedState): Promise<InternalStateData> {
  return { ...rest, dpopKey: await JoseKey.fromJWK(dpopJwk) };
}

export function saveSession({ dpopKey, ...rest }: Session): SavedSession {
  return { ...rest, dpopJwk: privateJwk(dpopKey) };
}

export async function restoreSession({ dpopJwk, ...rest }: SavedSession): Promise<Session> {
  return { ...rest, dpopKey: await JoseKey.fromJWK(dpopJwk) };
}
