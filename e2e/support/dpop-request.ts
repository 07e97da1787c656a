// Hand-made DPoP requests (RFC 9449) for tests that must send what a well-behaved client never would:
// a proof signed by the wrong key, the same proof twice, an expired token. Proofs are JWTs signed with
// node:crypto (jose's WebCrypto cannot sign with secp256k1, the key type the client library picks);
// the server's nonce is learnt as a client does (the DPoP-Nonce header, `use_dpop_nonce`).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign,
} from "node:crypto";

export interface DpopKey {
  alg: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

// JWS algorithms (RFC 7518) by key: EC curves name theirs (secp256k1 is ES256K, the key type the
// client library picks today); any RS* algorithm makes a valid proof with an RSA key.
const ALG_BY_CURVE: Record<string, string> = {
  "P-256": "ES256",
  "P-384": "ES384",
  "P-521": "ES512",
  secp256k1: "ES256K",
};
const HASH_BY_ALG: Record<string, string> = {
  ES256: "sha256",
  ES256K: "sha256",
  ES384: "sha384",
  ES512: "sha512",
  RS256: "sha256",
};

function keyOf(privateKey: KeyObject): DpopKey {
  const publicJwk = createPublicKey(privateKey).export({ format: "jwk" });
  const alg = publicJwk.kty === "RSA" ? "RS256" : ALG_BY_CURVE[publicJwk.crv ?? ""];
  if (!alg) throw new Error(`no signing algorithm known for a ${publicJwk.kty} ${publicJwk.crv ?? ""} key`);
  return { alg, privateKey, publicJwk };
}

/** A fresh ES256 key, as a client makes one per session. */
export async function newDpopKey(): Promise<DpopKey> {
  return keyOf(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
}

/** The key a saved client session proves possession with (NodeSavedSession.dpopJwk). */
export async function dpopKeyFromJwk(jwk: JsonWebKey): Promise<DpopKey> {
  return keyOf(createPrivateKey({ key: jwk, format: "jwk" }));
}

export interface ProofClaims {
  htm: string;
  htu: string;
  accessToken?: string;
  nonce?: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** A DPoP proof: a compact JWS (signed with node:crypto, which has every curve the client may use). */
export async function dpopProof(key: DpopKey, claims: ProofClaims): Promise<string> {
  const htu = new URL(claims.htu);
  htu.search = "";
  htu.hash = "";
  const header = { alg: key.alg, typ: "dpop+jwt", jwk: key.publicJwk };
  const payload = {
    htm: claims.htm,
    htu: htu.href,
    jti: randomUUID(),
    iat: Math.floor(Date.now() / 1000),
    ...(claims.accessToken
      ? { ath: createHash("sha256").update(claims.accessToken).digest("base64url") }
      : {}),
    ...(claims.nonce ? { nonce: claims.nonce } : {}),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign(HASH_BY_ALG[key.alg], Buffer.from(signingInput), {
    key: key.privateKey,
    // JWS wants the raw r||s form of an ECDSA signature, not DER.
    ...(key.alg.startsWith("ES") ? { dsaEncoding: "ieee-p1363" as const } : {}),
  });
  return `${signingInput}.${b64url(signature)}`;
}

export interface DpopResponse {
  status: number;
  body: { error?: string; message?: string; error_description?: string } & Record<string, unknown>;
  headers: Headers;
}

export interface DpopRequest {
  method?: string;
  accessToken?: string;
  // Form or JSON body; a form for the OAuth endpoints.
  form?: Record<string, string>;
  json?: unknown;
  // A proof to send as it is (for replays); otherwise one is made per attempt with `key`.
  proof?: string;
}

/**
 * Sends a request with a DPoP proof by `key` (and `Authorization: DPoP <token>` when a token is
 * given). When the server asks for a nonce it is retried once with it, as any DPoP client does.
 */
export async function dpopFetch(url: string, key: DpopKey, req: DpopRequest = {}): Promise<DpopResponse> {
  const method = req.method ?? (req.form || req.json !== undefined ? "POST" : "GET");
  const send = async (nonce?: string) => {
    const proof =
      req.proof ?? (await dpopProof(key, { htm: method, htu: url, accessToken: req.accessToken, nonce }));
    const headers: Record<string, string> = { dpop: proof };
    if (req.accessToken) headers.authorization = `DPoP ${req.accessToken}`;
    let body: string | undefined;
    if (req.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
  };
  const first = await send();
  const nonce = first.headers.get("dpop-nonce");
  if (!req.proof && nonce && needsNonce(first)) return send(nonce);
  return first;
}

function needsNonce(res: DpopResponse): boolean {
  return (
    res.body.error === "use_dpop_nonce" || /use_dpop_nonce/.test(res.headers.get("www-authenticate") ?? "")
  );
}

/** A nonce the server currently accepts, read from any answer to a DPoP request. */
export async function currentNonce(url: string, key: DpopKey, accessToken: string): Promise<string> {
  const res = await dpopFetch(url, key, { accessToken });
  const nonce = res.headers.get("dpop-nonce");
  if (!nonce) throw new Error(`no DPoP-Nonce in the answer from ${url} (${res.status})`);
  return nonce;
}
