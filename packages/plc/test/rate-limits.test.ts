// Per-DID operation caps, as the public directory enforces them: at most 10 operations of one DID per
// hour, 30 per day and 100 per week, refused with 400 and upstream's message. The server's clock is
// injected, so the day and week caps are reached without waiting; it only ever moves forward.
import type { Secp256k1Keypair } from "@atproto/crypto";
import { type Operation, updateHandleOp } from "@did-plc/lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectStatus,
  getJson,
  newIdentity,
  postOp,
  startTestPlc,
  type TestIdentity,
  type TestPlc,
} from "./helpers.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let clock = Date.UTC(2030, 0, 1);
const now = () => clock;

let plc: TestPlc;
beforeAll(async () => {
  plc = await startTestPlc({ now });
});
afterAll(() => plc.cleanup());

interface Chain {
  id: TestIdentity;
  last: Operation;
  posted: number;
}

async function genesis(url: string, handle: string): Promise<Chain> {
  const id = await newIdentity(handle);
  await expectStatus(await postOp(url, id.did, id.genesis), 200);
  return { id, last: id.genesis, posted: 1 };
}

// The next handle update of `chain`, signed by its PDS key, not yet posted.
function nextOp(chain: Chain, signer: Secp256k1Keypair = chain.id.rotation[1]): Promise<Operation> {
  return updateHandleOp(chain.last, signer, `u${chain.posted}.test`);
}

/** Posts `count` updates, moving the clock `stepMs` forward before each; every one must succeed. */
async function extend(url: string, chain: Chain, count: number, stepMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    clock += stepMs;
    const op = await nextOp(chain);
    await expectStatus(await postOp(url, chain.id.did, op), 200);
    chain.last = op;
    chain.posted++;
  }
}

async function refusal(url: string, chain: Chain): Promise<{ status: number; message: string }> {
  const res = await postOp(url, chain.id.did, await nextOp(chain));
  const body = (await res.json()) as { message: string };
  return { status: res.status, message: body.message };
}

describe("per-DID operation caps", () => {
  it("refuses the 11th operation within an hour, and accepts again once the hour has passed", async () => {
    const chain = await genesis(plc.url, "hourly.test");
    await extend(plc.url, chain, 9, MINUTE);
    expect(await refusal(plc.url, chain)).toEqual({
      status: 400,
      message: "Too many operations within last hour (max 10)",
    });
    expect((await getJson(`${plc.url}/${chain.id.did}/log`)).body).toHaveLength(10);

    clock += HOUR;
    await extend(plc.url, chain, 1, 0);
    expect((await getJson(`${plc.url}/${chain.id.did}/log`)).body).toHaveLength(11);
  });

  it("refuses the 31st operation within a day, though no hour held more than 10", async () => {
    const chain = await genesis(plc.url, "daily.test");
    // Seven minutes apart: at most 9 operations in any hour.
    await extend(plc.url, chain, 29, 7 * MINUTE);
    clock += 7 * MINUTE;
    expect(await refusal(plc.url, chain)).toEqual({
      status: 400,
      message: "Too many operations within last day (max 30)",
    });
    clock += DAY;
    await extend(plc.url, chain, 1, 0);
  });

  it("refuses the 101st operation within a week, though no day held more than 30", async () => {
    const chain = await genesis(plc.url, "weekly.test");
    // An hour and a half apart: 16 a day, 100 in a little over six days.
    await extend(plc.url, chain, 99, 90 * MINUTE);
    clock += 90 * MINUTE;
    expect(await refusal(plc.url, chain)).toEqual({
      status: 400,
      message: "Too many operations within last week (max 100)",
    });
    expect((await getJson(`${plc.url}/${chain.id.did}/log`)).body).toHaveLength(100);
  });

  it("does not cap a recovery: the rotation key can still undo a flood by a lower-priority key", async () => {
    const chain = await genesis(plc.url, "flooded.test");
    await extend(plc.url, chain, 9, MINUTE);
    expect((await refusal(plc.url, chain)).status).toBe(400);
    const [recovery] = chain.id.rotation;
    const recoverOp = await updateHandleOp(chain.id.genesis, recovery, "flooded-recovered.test");
    await expectStatus(await postOp(plc.url, chain.id.did, recoverOp), 200);
    expect((await getJson(`${plc.url}/${chain.id.did}/log`)).body).toEqual([chain.id.genesis, recoverOp]);
  });

  it("counts nullified operations out, as upstream does", async () => {
    const chain = await genesis(plc.url, "recount.test");
    await extend(plc.url, chain, 9, MINUTE);
    const recoverOp = await updateHandleOp(chain.id.genesis, chain.id.rotation[0], "recount2.test");
    await expectStatus(await postOp(plc.url, chain.id.did, recoverOp), 200);
    // Two live operations in the last hour: eight more fit.
    chain.last = recoverOp;
    await extend(plc.url, chain, 8, MINUTE);
    expect((await refusal(plc.url, chain)).message).toBe("Too many operations within last hour (max 10)");
  });
});

describe("configuring the caps", () => {
  it("takes other maxima, and can be switched off for a devnet", async () => {
    const strict = await startTestPlc({ now, rateLimits: { hour: 2 } });
    const open = await startTestPlc({ now, rateLimits: false });
    try {
      const capped = await genesis(strict.url, "strict.test");
      await extend(strict.url, capped, 1, MINUTE);
      expect(await refusal(strict.url, capped)).toEqual({
        status: 400,
        message: "Too many operations within last hour (max 2)",
      });

      const free = await genesis(open.url, "free.test");
      await extend(open.url, free, 14, 0);
      expect((await getJson(`${open.url}/${free.id.did}/log`)).body).toHaveLength(15);
    } finally {
      await strict.cleanup();
      await open.cleanup();
    }
  });
});
