// Creating and updating a DID over HTTP, and resolving it the way AT Protocol services do.
import { Secp256k1Keypair } from "@atproto/crypto";
import { DidResolver, ensureAtpDocument } from "@atproto/identity";
import {
  addSignature,
  createOp,
  type Operation,
  updateAtprotoKeyOp,
  updateHandleOp,
  updatePdsOp,
} from "@did-plc/lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidForOp } from "../src/index.ts";
import { expectStatus, getJson, newIdentity, postOp, startTestPlc, type TestPlc } from "./helpers.ts";

let plc: TestPlc;
beforeAll(async () => {
  plc = await startTestPlc();
});
afterAll(() => plc.cleanup());

// The default fetch of @atproto/identity refuses loopback (SSRF protection); tests opt out.
const resolverFor = (url: string) => new DidResolver({ plcUrl: url, fetch: globalThis.fetch });

describe("genesis and resolution", () => {
  it("creates a DID and serves its document", async () => {
    const id = await newIdentity("alice.test", "https://pds.example.test");
    expect(await expectStatus(await postOp(plc.url, id.did, id.genesis), 200)).toBe("OK");

    const { status, body, res } = await getJson(`${plc.url}/${id.did}`);
    expect(status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/did+ld+json");
    expect(body).toEqual({
      "@context": [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/suites/secp256k1-2019/v1",
      ],
      id: id.did,
      alsoKnownAs: ["at://alice.test"],
      verificationMethod: [
        {
          id: `${id.did}#atproto`,
          type: "Multikey",
          controller: id.did,
          publicKeyMultibase: id.signing.did().replace("did:key:", ""),
        },
      ],
      service: [
        {
          id: "#atproto_pds",
          type: "AtprotoPersonalDataServer",
          serviceEndpoint: "https://pds.example.test",
        },
      ],
    });

    const data = await getJson(`${plc.url}/${id.did}/data`);
    expect(data.body).toEqual({
      did: id.did,
      verificationMethods: { atproto: id.signing.did() },
      rotationKeys: id.rotation.map((k) => k.did()),
      alsoKnownAs: ["at://alice.test"],
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: "https://pds.example.test" } },
    });
  });

  it("resolves with @atproto/identity's DidResolver", async () => {
    const id = await newIdentity("bob.test", "http://127.0.0.1:2583");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const resolver = resolverFor(plc.url);
    const doc = await resolver.ensureResolve(id.did);
    expect(ensureAtpDocument(doc)).toEqual({
      did: id.did,
      signingKey: id.signing.did(),
      handle: "bob.test",
      pds: "http://127.0.0.1:2583",
    });
    expect(await resolver.resolveAtprotoData(id.did)).toMatchObject({ handle: "bob.test" });
    expect(await resolver.resolve("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")).toBeNull();
  });

  it("accepts a P-256 rotation key", async () => {
    const { P256Keypair } = await import("@atproto/crypto");
    const rotation = await P256Keypair.create();
    const signing = await Secp256k1Keypair.create();
    const { op, did } = await createOp({
      signingKey: signing.did(),
      handle: "p256.test",
      pds: "https://pds.example.test",
      rotationKeys: [rotation.did()],
      signer: rotation,
    });
    await expectStatus(await postOp(plc.url, did, op), 200);
    const update = await updateHandleOp(op, rotation, "p256-renamed.test");
    await expectStatus(await postOp(plc.url, did, update), 200);
  });

  it("rejects a genesis posted under the wrong DID", async () => {
    const id = await newIdentity();
    const other = await newIdentity();
    const body = (await expectStatus(await postOp(plc.url, other.did, id.genesis), 400)) as {
      message: string;
    };
    expect(body.message).toMatch(/does not match DID/);
    await expectStatus(await postOp(plc.url, `${id.did}x`, id.genesis), 400);
    await expectStatus(await postOp(plc.url, "did:web:example.com", id.genesis), 400);
    expect((await getJson(`${plc.url}/${id.did}`)).status).toBe(404);
  });

  it("rejects a genesis not signed by its own rotation keys", async () => {
    const stranger = await Secp256k1Keypair.create();
    const signing = await Secp256k1Keypair.create();
    const recovery = await Secp256k1Keypair.create();
    const { op, did } = await createOp({
      signingKey: signing.did(),
      handle: "mallory.test",
      pds: "https://pds.example.test",
      rotationKeys: [recovery.did()],
      signer: stranger,
    });
    const body = (await expectStatus(await postOp(plc.url, did, op), 400)) as { message: string };
    expect(body.message).toMatch(/not signed/);
  });

  it("rejects a second genesis and an exact re-post", async () => {
    const id = await newIdentity();
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const again = (await expectStatus(await postOp(plc.url, id.did, id.genesis), 400)) as { message: string };
    expect(again.message).toMatch(/already in the log/);
  });

  it("rejects the legacy create format with a clear message", async () => {
    const key = await Secp256k1Keypair.create();
    const legacy = await addSignature(
      {
        type: "create",
        signingKey: key.did(),
        recoveryKey: key.did(),
        handle: "old.test",
        service: "https://x.test",
        prev: null,
      },
      key,
    );
    const body = (await expectStatus(
      await postOp(plc.url, "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", legacy),
      400,
    )) as {
      message: string;
    };
    expect(body.message).toMatch(/Legacy 'create'/);
  });
});

describe("updates", () => {
  it("rotates the signing key, changes handle and PDS; the document follows", async () => {
    const id = await newIdentity("carol.test", "https://old-pds.example.test");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const pdsKey = id.rotation[1];
    const newSigning = await Secp256k1Keypair.create();

    const op1 = await updateAtprotoKeyOp(id.genesis, pdsKey, newSigning.did());
    await expectStatus(await postOp(plc.url, id.did, op1), 200);
    const op2 = await updateHandleOp(op1, pdsKey, "carol2.test");
    await expectStatus(await postOp(plc.url, id.did, op2), 200);
    const op3 = await updatePdsOp(op2, id.rotation[0], "https://new-pds.example.test");
    await expectStatus(await postOp(plc.url, id.did, op3), 200);

    const data = await resolverFor(plc.url).resolveAtprotoData(id.did, true);
    expect(data).toEqual({
      did: id.did,
      signingKey: newSigning.did(),
      handle: "carol2.test",
      pds: "https://new-pds.example.test",
    });
    const log = await getJson(`${plc.url}/${id.did}/log`);
    expect(log.body).toEqual([id.genesis, op1, op2, op3]);
  });

  it("rejects an update signed by a key that is not a rotation key", async () => {
    const id = await newIdentity();
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    // The atproto signing key is a verification method, not a rotation key.
    const op = await updateHandleOp(id.genesis, id.signing, "hijack.test");
    const body = (await expectStatus(await postOp(plc.url, id.did, op), 400)) as { message: string };
    expect(body.message).toMatch(/not signed by a rotation key/);
    // A tampered signature is refused too.
    const good = await updateHandleOp(id.genesis, id.rotation[1], "fine.test");
    const tampered: Operation = { ...good, alsoKnownAs: ["at://evil.test"] };
    await expectStatus(await postOp(plc.url, id.did, tampered), 400);
    await expectStatus(await postOp(plc.url, id.did, { ...good, sig: `${good.sig}=` }), 400);
    expect((await getJson(`${plc.url}/${id.did}/log`)).body).toEqual([id.genesis]);
  });

  it("rejects a bad prev", async () => {
    const id = await newIdentity();
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const key = id.rotation[1];
    const unknownPrev = await addSignature(
      {
        type: "plc_operation" as const,
        rotationKeys: id.genesis.rotationKeys,
        verificationMethods: id.genesis.verificationMethods,
        alsoKnownAs: ["at://x.test"],
        services: id.genesis.services,
        prev: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
      },
      key,
    );
    const body = (await expectStatus(await postOp(plc.url, id.did, unknownPrev), 400)) as { message: string };
    expect(body.message).toMatch(/prev .* is not an operation in the current log/);

    const { sig: _sig, ...unsigned } = unknownPrev;
    const nullPrev = await addSignature({ ...unsigned, prev: null }, key);
    const again = (await expectStatus(await postOp(plc.url, id.did, nullPrev), 400)) as { message: string };
    expect(again.message).toMatch(/already exists/);
    await expectStatus(await postOp(plc.url, id.did, { ...unknownPrev, prev: "not-a-cid" }), 400);
  });

  it("rejects an update for a DID that was never created (400, as upstream)", async () => {
    const id = await newIdentity();
    const op = await updateHandleOp(id.genesis, id.rotation[1], "ghost.test");
    const body = (await expectStatus(await postOp(plc.url, id.did, op), 400)) as { message: string };
    expect(body.message).toMatch(/DID not registered/);
  });

  it("computes prev CIDs the way @did-plc/lib does", async () => {
    const id = await newIdentity();
    const op = await updateHandleOp(id.genesis, id.rotation[1], "cid.test");
    expect(op.prev).toBe(await cidForOp(id.genesis));
  });
});
