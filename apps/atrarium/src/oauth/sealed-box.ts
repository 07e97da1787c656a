// Sealing of stored OAuth sessions (their refresh tokens and DPoP private keys): AES-256-GCM under a
// key derived (HKDF-SHA-256) from the secret OAUTH_SESSION_KEY, with the owner's DID as associated
// data, so Durable Object storage only ever holds ciphertext and a sealed session cannot be moved to
// another DID's record. A box that does not open (another key, tampering) reads as no session.
import { decodeBase64Url, encodeBase64Url } from "../auth/base64url.ts";

const IV_BYTES = 12;
const encoder = new TextEncoder();

export class SealedBox {
  private readonly key: Promise<CryptoKey>;

  constructor(secret: string) {
    this.key = (async () => {
      const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
        "deriveKey",
      ]);
      return crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(),
          info: encoder.encode("atrarium oauth sessions"),
        },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
  }

  async seal(value: unknown, owner: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const data = encoder.encode(JSON.stringify(value));
    const cipher = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(owner) },
      await this.key,
      data,
    );
    return `${encodeBase64Url(iv)}.${encodeBase64Url(new Uint8Array(cipher))}`;
  }

  async open<T>(sealed: string, owner: string): Promise<T | undefined> {
    try {
      const [iv, cipher] = sealed.split(".").map(decodeBase64Url);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(owner) },
        await this.key,
        cipher,
      );
      return JSON.parse(new TextDecoder().decode(plain)) as T;
    } catch {
      return undefined;
    }
  }
}
