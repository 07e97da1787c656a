// The 72 hour recovery window: a higher-priority rotation key may fork a DID's history and nullify
// what a lower one did; tombstones end a DID. The server's clock is injected to step past the window.
import { updateHandleOp, updatePdsOp, updateRotationKeysOp } from "@did-plc/lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidForOp, type ExportedOp, RECOVERY_WINDOW_MS, signTombstone } from "../src/index.ts";
import { expectStatus, getJson, newIdentity, postOp, startTestPlc, type TestPlc } from "./helpers.ts";

let plc: TestPlc;
let offsetMs = 0;
beforeAll(async () => {
  plc = await startTestPlc({ now: () => Date.now() + offsetMs });
});
afterAll(() => plc.cleanup());

describe("nullification", () => {
  it("a higher-priority key nullifies later ops within the window; the audit log shows it", async () => {
    const id = await newIdentity("dana.test");
    const [recovery, pdsKey] = id.rotation;
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    // The PDS key (lower priority) takes over: removes the recovery key, moves the account.
    const hostile = await updateRotationKeysOp(id.genesis, pdsKey, [pdsKey.did()]);
    await expectStatus(await postOp(plc.url, id.did, hostile), 200);
    const hostile2 = await updatePdsOp(hostile, pdsKey, "https://evil.example.test");
    await expectStatus(await postOp(plc.url, id.did, hostile2), 200);

    // The recovery key forks from genesis.
    const recoverOp = await updateHandleOp(id.genesis, recovery, "dana-recovered.test");
    await expectStatus(await postOp(plc.url, id.did, recoverOp), 200);

    const data = (await getJson(`${plc.url}/${id.did}/data`)).body as {
      alsoKnownAs: string[];
      services: unknown;
    };
    expect(data.alsoKnownAs).toEqual(["at://dana-recovered.test"]);
    expect((await getJson(`${plc.url}/${id.did}/log`)).body).toEqual([id.genesis, recoverOp]);

    const audit = (await getJson(`${plc.url}/${id.did}/log/audit`)).body as ExportedOp[];
    expect(audit.map((e) => [e.operation, e.nullified])).toEqual([
      [id.genesis, false],
      [hostile, true],
      [hostile2, true],
      [recoverOp, false],
    ]);
    expect(audit[1].cid).toBe(await cidForOp(hostile));
    const last = (await getJson(`${plc.url}/${id.did}/log/last`)).body;
    expect(last).toEqual(recoverOp);

    // A nullified op can no longer be built upon.
    const onNullified = await updateHandleOp(hostile2, pdsKey, "zombie.test");
    const body = (await expectStatus(await postOp(plc.url, id.did, onNullified), 400)) as { message: string };
    expect(body.message).toMatch(/unknown or nullified/);
  });

  it("a lower-priority key cannot nullify an op of a higher-priority key", async () => {
    const id = await newIdentity("erin.test");
    const [recovery, pdsKey] = id.rotation;
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const byRecovery = await updateHandleOp(id.genesis, recovery, "erin-r.test");
    await expectStatus(await postOp(plc.url, id.did, byRecovery), 200);
    const fork = await updateHandleOp(id.genesis, pdsKey, "erin-p.test");
    const body = (await expectStatus(await postOp(plc.url, id.did, fork), 400)) as { message: string };
    expect(body.message).toMatch(/higher priority than rotationKeys\[0\]/);

    // Nor can the same key rewrite its own recent history.
    const byPds = await updateHandleOp(byRecovery, pdsKey, "erin-2.test");
    await expectStatus(await postOp(plc.url, id.did, byPds), 200);
    const sameKeyFork = await updateHandleOp(byRecovery, pdsKey, "erin-3.test");
    await expectStatus(await postOp(plc.url, id.did, sameKeyFork), 400);
    expect((await getJson(`${plc.url}/${id.did}/log`)).body).toEqual([id.genesis, byRecovery, byPds]);
  });

  it("refuses a nullification after the 72 hour window", async () => {
    const id = await newIdentity("frank.test");
    const [recovery, pdsKey] = id.rotation;
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const late = await updateHandleOp(id.genesis, pdsKey, "frank-p.test");
    await expectStatus(await postOp(plc.url, id.did, late), 200);

    const recoverOp = await updateHandleOp(id.genesis, recovery, "frank-r.test");
    offsetMs += RECOVERY_WINDOW_MS + 60_000;
    const body = (await expectStatus(await postOp(plc.url, id.did, recoverOp), 400)) as { message: string };
    expect(body.message).toMatch(/outside of the allowed 72 hr recovery window/);

    // Inside the window (the clock stays ahead for later tests; timestamps only move forward).
    const again = await updateHandleOp(late, pdsKey, "frank-2.test");
    await expectStatus(await postOp(plc.url, id.did, again), 200);
    const inWindow = await updateHandleOp(late, recovery, "frank-r2.test");
    await expectStatus(await postOp(plc.url, id.did, inWindow), 200);
    expect((await getJson(`${plc.url}/${id.did}/log`)).body).toEqual([id.genesis, late, inWindow]);
  });
});

describe("tombstones", () => {
  it("a tombstoned DID answers 410, keeps its log, and accepts nothing more", async () => {
    const id = await newIdentity("gone.test");
    const pdsKey = id.rotation[1];
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const tomb = await signTombstone(await cidForOp(id.genesis), pdsKey);
    await expectStatus(await postOp(plc.url, id.did, tomb), 200);

    for (const path of ["", "/data"]) {
      const res = await getJson(`${plc.url}/${id.did}${path}`);
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ message: `DID not available: ${id.did}` });
    }
    expect((await getJson(`${plc.url}/${id.did}/log/last`)).body).toEqual(tomb);
    expect((await getJson(`${plc.url}/${id.did}/log`)).body).toEqual([id.genesis, tomb]);

    const after = await signTombstone(await cidForOp(tomb), pdsKey);
    const body = (await expectStatus(await postOp(plc.url, id.did, after), 400)) as { message: string };
    expect(body.message).toMatch(/tombstoned/);
  });

  it("a tombstone by a lower-priority key can be undone by the recovery key within the window", async () => {
    const id = await newIdentity("back.test");
    const [recovery, pdsKey] = id.rotation;
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    await expectStatus(
      await postOp(plc.url, id.did, await signTombstone(await cidForOp(id.genesis), pdsKey)),
      200,
    );
    const revive = await updateHandleOp(id.genesis, recovery, "back-again.test");
    await expectStatus(await postOp(plc.url, id.did, revive), 200);
    expect((await getJson(`${plc.url}/${id.did}`)).status).toBe(200);
  });

  it("a tombstone must be signed by a rotation key and cannot create a DID", async () => {
    const id = await newIdentity("keep.test");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    const forged = await signTombstone(await cidForOp(id.genesis), id.signing);
    await expectStatus(await postOp(plc.url, id.did, forged), 400);
    const other = await newIdentity();
    const orphan = await signTombstone(await cidForOp(other.genesis), other.rotation[0]);
    await expectStatus(await postOp(plc.url, other.did, orphan), 400);
  });
});
