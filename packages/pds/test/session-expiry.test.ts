// A private stack with 1-second access tokens: the only way to hold a genuinely expired token.
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

describe("expired access tokens", () => {
  let stack: PrivatePds;
  beforeAll(async () => {
    stack = await startPrivatePds({ accessTtlSec: 1 });
  });
  afterAll(() => stack.close());

  it("answers 400 ExpiredToken, and the agent recovers by refreshing", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const token = acct.agent.session?.accessJwt as string;
    await new Promise((r) => setTimeout(r, 2100));
    const res = await fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.getSession`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "ExpiredToken" });
    // @atproto/api refreshes on ExpiredToken and retries transparently.
    const me = await acct.agent.com.atproto.server.getSession();
    expect(me.data.did).toBe(acct.did);
    expect(acct.agent.session?.accessJwt).not.toBe(token);
  });
});
