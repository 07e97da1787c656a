// Other spellings of one signed JWT that a lax verifier accepts as well: the same bytes in a
// non-canonical base64url (spare bits of the last character set), and the other ECDSA signature
// (r, n - s), which is valid for the same message and key.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ORDER: Record<string, bigint> = {
  ES256K: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
};

// Flips an unused bit of the last character of segment `index` (default: the signature). The
// segment must have spare bits (its length is not a multiple of 4).
export function spareBitsAltered(token: string, index = 2): string {
  const parts = token.split(".");
  const segment = parts[index];
  if (segment.length % 4 === 0 || segment.length % 4 === 1) throw new Error("segment has no spare bits");
  const last = ALPHABET.indexOf(segment.at(-1) as string);
  parts[index] = `${segment.slice(0, -1)}${ALPHABET[last ^ 1]}`;
  return parts.join(".");
}

// The same token with the signature's s replaced by n - s (low-S becomes high-S and back).
export function otherSignatureForm(token: string): string {
  const [head, payload, sig] = token.split(".");
  const alg = JSON.parse(Buffer.from(head, "base64url").toString()).alg as string;
  const bytes = Buffer.from(sig, "base64url");
  if (bytes.length !== 64 || !ORDER[alg]) throw new Error(`not a compact ${alg} signature`);
  const s = BigInt(`0x${bytes.subarray(32).toString("hex")}`);
  const flipped = Buffer.from((ORDER[alg] - s).toString(16).padStart(64, "0"), "hex");
  return `${head}.${payload}.${Buffer.concat([bytes.subarray(0, 32), flipped]).toString("base64url")}`;
}

// Whether the compact signature's s is in the upper half of the curve order.
export function isHighS(token: string): boolean {
  const [head, , sig] = token.split(".");
  const alg = JSON.parse(Buffer.from(head, "base64url").toString()).alg as string;
  const s = BigInt(`0x${Buffer.from(sig, "base64url").subarray(32).toString("hex")}`);
  return s > ORDER[alg] / 2n;
}
