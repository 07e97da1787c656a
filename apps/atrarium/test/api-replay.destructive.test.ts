// A used service JWT stays used whatever its spelling: the same token with the spare bits of its last
// character changed, or with the other ECDSA signature form (s -> n-s), is refused; a token whose
// first use carries the high-S form is still accepted, as the official verifier accepts it.
import { COMMUNITY_LIST_NSID } from "@atrarium/lexicon";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, serviceJwt } from "./support/api-client.ts";
import { type ApiPipeline, apiPipeline } from "./support/api-pipeline.ts";
import { isHighS, otherSignatureForm, spareBitsAltered } from "./support/jwt-forms.ts";
import { ownIdentity, signServiceJwt } from "./support/own-identity.ts";

const LIST = `/xrpc/${COMMUNITY_LIST_NSID}`;

describe("replayed service JWTs", () => {
  let p: ApiPipeline;
  let alice: TestAccount;
  const call = (token: string) => callApi(p.url, LIST, { token });

  beforeAll(async () => {
    p = await apiPipeline({ jetstream: false });
    alice = await createTestAccount(p.stack.pdsUrl);
  }, 90_000);
  afterAll(async () => {
    await p?.close();
  });

  it("refuses a used token again with its last character altered", async () => {
    const token = await serviceJwt(alice.agent, p.did, COMMUNITY_LIST_NSID);
    expect((await call(token)).status).toBe(200);
    const altered = spareBitsAltered(token);
    expect(Buffer.from(altered.split(".")[2], "base64url")).toEqual(
      Buffer.from(token.split(".")[2], "base64url"),
    );
    expect(await call(altered)).toMatchObject({ status: 401 });
  });

  it("refuses a used token again in the other signature form", async () => {
    const token = await serviceJwt(alice.agent, p.did, COMMUNITY_LIST_NSID);
    expect((await call(token)).status).toBe(200);
    expect(await call(otherSignatureForm(token))).toMatchObject({
      status: 401,
      body: { error: "JwtReplayed" },
    });
  });

  it("refuses a used token without jti again in the other signature form", async () => {
    const own = await ownIdentity(p.stack.plcUrl);
    const token = await signServiceJwt(own.key, {
      iss: own.did,
      aud: p.did,
      lxm: COMMUNITY_LIST_NSID,
      jti: undefined,
    });
    expect((await call(token)).status).toBe(200);
    expect(await call(otherSignatureForm(token))).toMatchObject({
      status: 401,
      body: { error: "JwtReplayed" },
    });
  });

  it("accepts the first use of a high-S token, once", async () => {
    const token = await serviceJwt(alice.agent, p.did, COMMUNITY_LIST_NSID);
    const highS = isHighS(token) ? token : otherSignatureForm(token);
    expect(isHighS(highS)).toBe(true);
    const first = await call(highS);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(await call(token)).toMatchObject({ status: 401, body: { error: "JwtReplayed" } });
  });
});
