// Service JWTs made by createServiceJwt and checked by verifyServiceJwt (both @atproto/xrpc-server's
// underneath): each refusal is a 401 with the error name clients and tests know, never a 500, and a
// forged signature costs one key lookup.
import { Secp256k1Keypair } from "@atproto/crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createServiceJwt } from "../../src/auth/service-jwt.ts";
import { verifyServiceJwt } from "../../src/auth/verify-service-jwt.ts";

const ISS = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
const AUD = "did:web:pds.example.com";
const LXM = "com.atproto.server.createAccount";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("verifyServiceJwt", () => {
  let keypair: Secp256k1Keypair;
  let lookups: string[];
  const verify = (token: string) =>
    verifyServiceJwt(token, {
      aud: AUD,
      lxm: LXM,
      signingKey: async (iss) => {
        lookups.push(iss);
        return iss === ISS ? keypair.did() : null;
      },
    });
  const token = (overrides: { iss?: string; aud?: string; lxm?: string | null; exp?: number } = {}) =>
    createServiceJwt({
      iss: overrides.iss ?? ISS,
      aud: overrides.aud ?? AUD,
      lxm: overrides.lxm === undefined ? LXM : overrides.lxm,
      exp: overrides.exp ?? Math.floor(Date.now() / 1000) + 60,
      keypair,
    });
  const refused = (error: string, message?: RegExp) =>
    expect.objectContaining({
      status: 401,
      error,
      ...(message ? { message: expect.stringMatching(message) } : {}),
    });

  beforeAll(async () => {
    keypair = await Secp256k1Keypair.create();
  });

  it("accepts a token signed by the issuer's key, for our DID and this method", async () => {
    lookups = [];
    await expect(verify(await token())).resolves.toEqual({ iss: ISS });
    expect(lookups).toEqual([ISS]);
  });

  it("refuses malformed tokens as BadJwt, including segments that are not JSON", async () => {
    const [header, payload] = (await token()).split(".");
    await expect(verify(`${header}.${payload}`)).rejects.toEqual(refused("BadJwt"));
    await expect(verify("not.json.atall")).rejects.toEqual(refused("BadJwt"));
    await expect(verify(`${header}.${b64({ iss: ISS })}.sig`)).rejects.toEqual(refused("BadJwt"));
  });

  it("refuses session tokens, expired tokens, other audiences and other methods", async () => {
    const payload = b64({ iss: ISS, aud: AUD, exp: Math.floor(Date.now() / 1000) + 60, lxm: LXM });
    await expect(verify(`${b64({ alg: "HS256", typ: "at+jwt" })}.${payload}.sig`)).rejects.toEqual(
      refused("BadJwtType"),
    );
    await expect(verify(await token({ exp: Math.floor(Date.now() / 1000) - 1 }))).rejects.toEqual(
      refused("JwtExpired"),
    );
    await expect(verify(await token({ aud: "did:web:other.example.com" }))).rejects.toEqual(
      refused("BadJwtAudience"),
    );
    await expect(verify(await token({ lxm: null }))).rejects.toEqual(
      refused("BadJwtLexiconMethod", /missing/),
    );
    await expect(verify(await token({ lxm: "com.atproto.repo.createRecord" }))).rejects.toEqual(
      refused("BadJwtLexiconMethod", /bad jwt lexicon method/),
    );
  });

  it("refuses an issuer that is not a DID or whose key cannot be found", async () => {
    await expect(verify(await token({ iss: "alice.example.com" }))).rejects.toEqual(refused("BadJwtIss"));
    await expect(verify(await token({ iss: "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb" }))).rejects.toEqual(
      refused("BadJwtIss", /could not resolve the signing key/),
    );
  });

  it("refuses a token signed by another key after a single key lookup", async () => {
    const forged = await createServiceJwt({
      iss: ISS,
      aud: AUD,
      lxm: LXM,
      exp: Math.floor(Date.now() / 1000) + 60,
      keypair: await Secp256k1Keypair.create(),
    });
    lookups = [];
    await expect(verify(forged)).rejects.toEqual(refused("BadJwtSignature"));
    expect(lookups).toEqual([ISS]);
  });
});
