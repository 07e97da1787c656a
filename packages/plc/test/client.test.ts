// PlcClient against a real server: the calls our PDS makes, and its errors.
import { Secp256k1Keypair } from "@atproto/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidForOp, PlcClient, PlcClientError, signTombstone } from "../src/index.ts";
import { startTestPlc, type TestPlc } from "./helpers.ts";

let plc: TestPlc;
let client: PlcClient;
beforeAll(async () => {
  plc = await startTestPlc();
  client = new PlcClient(`${plc.url}/`);
});
afterAll(() => plc.cleanup());

describe("PlcClient", () => {
  it("creates, reads, updates and exports", async () => {
    expect(await client.export()).toEqual([]);
    const rotation = await Secp256k1Keypair.create();
    const signing = await Secp256k1Keypair.create();
    const did = await client.createDid({
      signingKey: signing.did(),
      handle: "client.test",
      pds: "https://pds.example.test",
      rotationKeys: [rotation.did()],
      signer: rotation,
    });
    expect(did).toMatch(/^did:plc:[a-z2-7]{24}$/);

    const exported = await client.export(undefined, 1);
    expect(exported).toHaveLength(1);
    expect(exported[0].did).toBe(did);

    const doc = await client.getDocument(did);
    expect(doc.alsoKnownAs).toEqual(["at://client.test"]);
    expect((await client.getDocumentData(did)).rotationKeys).toEqual([rotation.did()]);

    const update = await client.updateData(did, rotation, (cur) => ({
      ...cur,
      alsoKnownAs: ["at://renamed.test"],
    }));
    expect(await client.getLastOp(did)).toEqual(update);
    expect(await client.getOperationLog(did)).toHaveLength(2);
    const audit = await client.getAuditLog(did);
    expect(audit.map((e) => e.cid)).toEqual([exported[0].cid, await cidForOp(update)]);
    expect(await client.getAuditableLog(did)).toEqual(audit);
    expect(await client.export(exported[0].createdAt)).toEqual([audit[1]]);
    expect(await client.health()).toEqual({ version: expect.any(String) });

    await client.sendOperation(did, await signTombstone(await cidForOp(update), rotation));
    await expect(client.getDocument(did)).rejects.toMatchObject({ status: 410 });
    await expect(client.updateData(did, rotation, (cur) => cur)).rejects.toBeInstanceOf(PlcClientError);
  });

  it("surfaces the server's message and status", async () => {
    const err = await client.getDocument("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlcClientError);
    expect(err).toMatchObject({
      status: 404,
      message: "DID not registered: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa",
    });
  });
});
