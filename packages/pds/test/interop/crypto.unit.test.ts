// atproto crypto vectors: signature fixtures (low-S compact signatures only) and did:key encodings of
// P-256 and K-256 keys, run through @atproto/crypto.
import {
  formatDidKey,
  multibaseToBytes,
  P256Keypair,
  p256Plugin,
  parseDidKey,
  Secp256k1Keypair,
  secp256k1Plugin,
  verifySignature,
} from "@atproto/crypto";
import { describe, expect, it } from "vitest";
import { nonEmpty, readVectorJson } from "./vectors.ts";

type SignatureFixture = {
  comment: string;
  messageBase64: string;
  algorithm: string;
  publicKeyDid: string;
  publicKeyMultibase: string;
  signatureBase64: string;
  validSignature: boolean;
  tags: string[];
};

const signatures = nonEmpty(readVectorJson<SignatureFixture[]>("crypto/signature-fixtures.json"), "sigs");
const k256Keys = nonEmpty(
  readVectorJson<{ privateKeyBytesHex: string; publicDidKey: string }[]>("crypto/w3c_didkey_K256.json"),
  "K-256 did:keys",
);
const p256Keys = nonEmpty(
  readVectorJson<{ privateKeyBytesBase58: string; publicDidKey: string }[]>("crypto/w3c_didkey_P256.json"),
  "P-256 did:keys",
);

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, "base64"));
const pluginFor = (jwtAlg: string) => (jwtAlg === "ES256" ? p256Plugin : secp256k1Plugin);

// verifySignature answers false for a high-S signature but throws on a DER one (wrong length for a
// compact signature); both are a rejection, which is all the fixtures specify.
async function accepts(fixture: SignatureFixture, opts?: { allowMalleableSig: boolean }): Promise<boolean> {
  const message = bytes(fixture.messageBase64);
  return verifySignature(fixture.publicKeyDid, message, bytes(fixture.signatureBase64), opts).catch(
    () => false,
  );
}

describe("interop signature fixtures (verifySignature, default strict options)", () => {
  for (const fixture of signatures) {
    describe(fixture.comment, () => {
      it(`${fixture.validSignature ? "accepts" : "rejects"} the signature`, async () => {
        expect(await accepts(fixture)).toBe(fixture.validSignature);
      });

      it("did:key and legacy publicKeyMultibase name the same key of the fixture's algorithm", () => {
        const parsed = parseDidKey(fixture.publicKeyDid);
        expect(parsed.jwtAlg).toBe(fixture.algorithm);
        const compressed = pluginFor(parsed.jwtAlg).compressPubkey(parsed.keyBytes);
        expect(Buffer.from(compressed).toString("hex")).toBe(
          Buffer.from(multibaseToBytes(fixture.publicKeyMultibase)).toString("hex"),
        );
      });

      if (fixture.tags.length > 0) {
        // Proves the rejection comes from the strict low-S / compact-only rule and not from a broken
        // signature: with `allowMalleableSig` the same bytes verify. Never pass that option.
        it(`is only rejected because of the atproto rule (${fixture.tags.join(", ")})`, async () => {
          expect(await accepts(fixture, { allowMalleableSig: true })).toBe(true);
        });
      }
    });
  }
});

describe("interop did:key vectors", () => {
  const message = new TextEncoder().encode("interop did:key round trip");

  for (const vector of k256Keys) {
    it(`K-256 ${vector.publicDidKey}: private key -> did:key, parse/format round trip`, async () => {
      const keypair = await Secp256k1Keypair.import(vector.privateKeyBytesHex);
      expect(keypair.did()).toBe(vector.publicDidKey);
      const parsed = parseDidKey(vector.publicDidKey);
      expect(parsed.jwtAlg).toBe("ES256K");
      expect(formatDidKey(parsed.jwtAlg, parsed.keyBytes)).toBe(vector.publicDidKey);
      expect(await verifySignature(vector.publicDidKey, message, await keypair.sign(message))).toBe(true);
    });
  }

  for (const vector of p256Keys) {
    it(`P-256 ${vector.publicDidKey}: private key -> did:key, parse/format round trip`, async () => {
      // The vector gives the raw private key in bare base58btc; 'z' makes it a multibase string.
      const keypair = await P256Keypair.import(multibaseToBytes(`z${vector.privateKeyBytesBase58}`));
      expect(keypair.did()).toBe(vector.publicDidKey);
      const parsed = parseDidKey(vector.publicDidKey);
      expect(parsed.jwtAlg).toBe("ES256");
      expect(formatDidKey(parsed.jwtAlg, parsed.keyBytes)).toBe(vector.publicDidKey);
      expect(await verifySignature(vector.publicDidKey, message, await keypair.sign(message))).toBe(true);
    });
  }
});
