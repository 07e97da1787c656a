// What the replay cache keys a service JWT on: not its text, which an attacker can vary without
// touching the signature's meaning (spare bits of base64url, the other ECDSA form s -> n-s), but
// the issuer and jti (or the signed header.payload when there is no jti).
import { P256Keypair, Secp256k1Keypair, verifySignature } from "@atproto/crypto";
import { describe, expect, it } from "vitest";
import { parseJwt, replayKey } from "../src/auth/service-jwt.ts";
import { otherSignatureForm, spareBitsAltered } from "./support/jwt-forms.ts";
import { signServiceJwt } from "./support/own-identity.ts";

const SERVICE = "did:web:api.example";
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

const errorOf = (token: string) => {
  try {
    parseJwt(token);
    return "ok";
  } catch (err) {
    return (err as { error: string }).error;
  }
};

describe("service JWT encoding", () => {
  it("refuses a segment whose base64url is not canonical", async () => {
    const key = await Secp256k1Keypair.create();
    const token = await signServiceJwt(key, { iss: DID, aud: SERVICE, lxm: "a.b.c" });
    expect(errorOf(token)).toBe("ok");
    const altered = spareBitsAltered(token);
    expect(altered).not.toBe(token);
    // The same signature bytes: only the unused bits of the last character differ.
    expect(Buffer.from(altered.split(".")[2], "base64url")).toEqual(
      Buffer.from(token.split(".")[2], "base64url"),
    );
    expect(errorOf(altered)).toBe("BadJwt");
    const [head, payload, sig] = token.split(".");
    expect(errorOf(`${head}.${payload}.${sig}=`)).toBe("BadJwt");
    expect(errorOf(`${head}=.${payload}.${sig}`)).toBe("BadJwt");
    // The header of a PDS-made token has spare bits as well; changing them breaks nothing but the rule.
    expect(errorOf(spareBitsAltered(token, 0))).toBe("BadJwt");
  });
});

describe("replay keys", () => {
  for (const [name, create] of [
    ["ES256K", () => Secp256k1Keypair.create()],
    ["ES256", () => P256Keypair.create()],
  ] as const) {
    it(`gives both ECDSA forms of one ${name} token the same key`, async () => {
      const key = await create();
      const token = await signServiceJwt(key, { iss: DID, aud: SERVICE, lxm: "a.b.c" });
      const other = otherSignatureForm(token);
      expect(other).not.toBe(token);
      const jwt = parseJwt(other);
      // The official verifier accepts the other form too, which is why only the key can catch it.
      expect(
        await verifySignature(key.did(), jwt.signingInput, jwt.signature, {
          jwtAlg: jwt.alg,
          allowMalleableSig: true,
        }),
      ).toBe(true);
      expect(await replayKey(jwt)).toBe(await replayKey(parseJwt(token)));
    });
  }

  it("keys on issuer and jti, or on the signed part when there is no jti", async () => {
    const key = await Secp256k1Keypair.create();
    const sign = (claims: Record<string, unknown>) =>
      signServiceJwt(key, { iss: DID, aud: SERVICE, lxm: "a.b.c", ...claims }).then(parseJwt);
    const a = await sign({ jti: "one" });
    const sameJti = await sign({ jti: "one", lxm: "x.y.z" });
    const otherIssuer = await sign({ jti: "one", iss: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(await replayKey(sameJti)).toBe(await replayKey(a));
    expect(await replayKey(otherIssuer)).not.toBe(await replayKey(a));
    expect(await replayKey(await sign({ jti: "two" }))).not.toBe(await replayKey(a));
    const noJti = await sign({ jti: undefined });
    const noJtiOther = await sign({ jti: undefined, lxm: "x.y.z" });
    expect(await replayKey(noJti)).not.toBe(await replayKey(noJtiOther));
    const noJtiToken = await signServiceJwt(key, { iss: DID, aud: SERVICE, lxm: "q.r.s", jti: undefined });
    expect(await replayKey(parseJwt(otherSignatureForm(noJtiToken)))).toBe(
      await replayKey(parseJwt(noJtiToken)),
    );
  });
});
