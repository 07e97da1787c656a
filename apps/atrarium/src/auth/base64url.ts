// Strict base64url (RFC 7515: no padding, no whitespace) for JWT segments. A segment is accepted only
// in its canonical spelling, the one its bytes re-encode to: atob ignores the spare bits of the last
// character, so without this check one token has several spellings, and anything keyed on the
// token's text (a replay cache) could be passed by changing them.
export class Base64UrlError extends Error {}

export function decodeBase64Url(segment: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1)
    throw new Base64UrlError("not base64url");
  const bytes = Uint8Array.from(atob(segment.replaceAll("-", "+").replaceAll("_", "/")), (ch) =>
    ch.charCodeAt(0),
  );
  if (encodeBase64Url(bytes) !== segment) throw new Base64UrlError("non-canonical base64url");
  return bytes;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
