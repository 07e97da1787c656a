// A private stack whose clock the test moves past the access token's lifetime: the only way to hold a
// genuinely expired token.
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const ACCESS_TTL_SEC = 15 * 60;

describe("expired access tokens", () => {
  let stack: PrivatePds;
  const clock = new OffsetClock();
  beforeAll(async () => {
    stack = await startPrivatePds({ accessTtlSec: ACCESS_TTL_SEC }, { clock });
  });
  afterAll(() => stack.close());

  it("answers 400 ExpiredToken, and the agent recovers by refreshing", async () => {
    const acct = await createTestAccount(stack.pdsUrl);
    const token = acct.agent.session?.accessJwt as string;
    // Still good just before its lifetime ends, expired just after.
    const getSession = () =>
      fetch(`${stack.pdsUrl}/xrpc/com.atproto.server.getSession`, {
        headers: { authorization: `Bearer ${token}` },
      });
    clock.advance((ACCESS_TTL_SEC - 60) * 1000);
    expect((await getSession()).status).toBe(200);
    clock.advance(61 * 1000);
    const res = await getSession();
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "ExpiredToken" });
    // @atproto/api refreshes on ExpiredToken and retries transparently.
    const me = await acct.agent.com.atproto.server.getSession();
    expect(me.data.did).toBe(acct.did);
    expect(acct.agent.session?.accessJwt).not.toBe(token);
  });
});
