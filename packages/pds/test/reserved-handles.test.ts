// Names under our handle domains that nobody may take (admin, www, api, ...), and the official PDS's
// length rule for them: refused by createAccount and updateHandle, never given a TLS certificate.
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const { pdsUrl } = inject("devnet");

const createAccount = (handle: string) =>
  new AtpAgent({ service: pdsUrl }).createAccount({
    handle,
    password: `pw-${randomBytes(6).toString("hex")}`,
  });
const xrpcError = (status: number, error: string, message?: RegExp) =>
  expect.objectContaining({ status, error, ...(message ? { message: expect.stringMatching(message) } : {}) });
const tlsCheck = async (base: string, domain: string) => {
  const res = await fetch(`${base}/tls-check?domain=${domain}`);
  return { status: res.status, body: await res.json() };
};

describe("reserved handles", () => {
  it.each(["admin.test", "www.test", "api.test", "support.test", "pds.test", "ADMIN.test"])(
    "createAccount refuses %s with HandleNotAvailable",
    async (handle) => {
      await expect(createAccount(handle)).rejects.toEqual(xrpcError(400, "HandleNotAvailable", /reserved/i));
    },
  );

  it("updateHandle refuses a reserved name and keeps the old handle", async () => {
    const acct = await createTestAccount(pdsUrl);
    await expect(acct.agent.com.atproto.identity.updateHandle({ handle: "admin.test" })).rejects.toEqual(
      xrpcError(400, "HandleNotAvailable", /reserved/i),
    );
    await expect(acct.agent.com.atproto.identity.updateHandle({ handle: "www.test" })).rejects.toEqual(
      xrpcError(400, "HandleNotAvailable"),
    );
    const resolved = await acct.agent.com.atproto.identity.resolveHandle({ handle: acct.handle });
    expect(resolved.data.did).toBe(acct.did);
  });

  it("/tls-check answers for a reserved name as for an unknown handle", async () => {
    await createAccount("admin.test").catch(() => undefined);
    const unknown = await tlsCheck(pdsUrl, `nobody${randomBytes(3).toString("hex")}.test`);
    expect(unknown.status).toBe(404);
    expect(await tlsCheck(pdsUrl, "admin.test")).toEqual(unknown);
    expect(await tlsCheck(pdsUrl, "www.test")).toEqual(unknown);
  });

  it("names that merely contain a reserved word are fine", async () => {
    const suffix = randomBytes(3).toString("hex");
    const res = await createAccount(`admin${suffix}.test`);
    expect(res.data.handle).toBe(`admin${suffix}.test`);
  });
});

describe("length of a handle under our domains", () => {
  it("the name must be 3 to 18 characters", async () => {
    await expect(createAccount("ab.test")).rejects.toEqual(xrpcError(400, "InvalidHandle", /too short/));
    const nineteen = `l${randomBytes(9).toString("hex")}`;
    expect(nineteen).toHaveLength(19);
    await expect(createAccount(`${nineteen}.test`)).rejects.toEqual(
      xrpcError(400, "InvalidHandle", /too long/),
    );
    const acct = await createTestAccount(pdsUrl);
    await expect(acct.agent.com.atproto.identity.updateHandle({ handle: "ab.test" })).rejects.toEqual(
      xrpcError(400, "InvalidHandle", /too short/),
    );
    await expect(
      acct.agent.com.atproto.identity.updateHandle({ handle: `${nineteen}.test` }),
    ).rejects.toEqual(xrpcError(400, "InvalidHandle", /too long/));
  });

  it("3 and 18 characters are accepted", async () => {
    const eighteen = `m${randomBytes(8).toString("hex")}x`;
    expect(eighteen).toHaveLength(18);
    expect((await createAccount(`${eighteen}.test`)).data.handle).toBe(`${eighteen}.test`);
    // Three characters: a few tries, in case another run of this test took the name.
    let three: string | undefined;
    for (let i = 0; i < 5 && !three; i++) {
      const name = `q${randomBytes(1).toString("hex")}`;
      three = await createAccount(`${name}.test`).then(
        (r) => r.data.handle,
        () => undefined,
      );
    }
    expect(three).toMatch(/^q[0-9a-f]{2}\.test$/);
  });
});

describe("an account that holds a reserved name from before the rule", () => {
  let priv: PrivatePds;
  beforeAll(async () => {
    priv = await startPrivatePds();
  });
  afterAll(async () => {
    await priv?.close();
  });

  it("gets no TLS certificate for it", async () => {
    const acct = await createTestAccount(priv.pdsUrl);
    expect((await tlsCheck(priv.pdsUrl, acct.handle)).status).toBe(200);
    // As a database written by an older version would hold it.
    await priv.pds.ctx.accounts.updateHandle(acct.did, "admin.test");
    expect(await tlsCheck(priv.pdsUrl, "admin.test")).toEqual(
      await tlsCheck(priv.pdsUrl, "unknown-name.test"),
    );
  });
});
