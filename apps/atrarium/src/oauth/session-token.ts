// The browser's handle on a Worker sign-in: `atrs_<base64url(did)>.<32 random bytes>`. It names its DID
// so the check goes straight to that user's OAuthSessions object, which keeps only its SHA-256: a
// leaked storage dump yields no usable token. It grants nothing at the PDS: the OAuth tokens never
// leave the Worker.
import { decodeBase64Url, encodeBase64Url } from "../auth/base64url.ts";

export const SESSION_TOKEN_PREFIX = "atrs_";
export const SESSION_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
const SECRET_BYTES = 32;

export interface SessionToken {
  did: string;
  // Hex SHA-256 of the whole token, what the store keeps.
  hash: string;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function mintSessionToken(did: string): Promise<SessionToken & { token: string }> {
  const secret = encodeBase64Url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
  const token = `${SESSION_TOKEN_PREFIX}${encodeBase64Url(new TextEncoder().encode(did))}.${secret}`;
  return { token, did, hash: await sha256Hex(token) };
}

export const isSessionToken = (token: string) => token.startsWith(SESSION_TOKEN_PREFIX);

// null: not a well-formed session token.
export async function parseSessionToken(token: string): Promise<SessionToken | null> {
  const [named, secret, extra] = token.slice(SESSION_TOKEN_PREFIX.length).split(".");
  if (!isSessionToken(token) || !named || !secret || extra !== undefined) return null;
  try {
    const did = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64Url(named));
    if (decodeBase64Url(secret).length !== SECRET_BYTES || !/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(did))
      return null;
    return { did, hash: await sha256Hex(token) };
  } catch {
    return null;
  }
}
