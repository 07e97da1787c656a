// Rate limits with the official PDS's numbers, on a private PDS with limits on (the devnet keeps them
// off): password guessing ends in 429 with RateLimit-* headers, the per-account write budget ends in
// 429 while other accounts write on, and the bypass header and bypass addresses are never limited.
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

const BYPASS_KEY = "rate-limit-test-bypass";
const COLLECTION = "com.example.budget";

let limited: PrivatePds;
let bypassed: PrivatePds;

const post = (base: string, nsid: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/xrpc/${nsid}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

const guess = (base: string, identifier: string, headers: Record<string, string> = {}) =>
  post(base, "com.atproto.server.createSession", { identifier, password: "not-the-password" }, headers);

const rateLimitHeaders = (res: Response) => ({
  limit: res.headers.get("ratelimit-limit"),
  remaining: res.headers.get("ratelimit-remaining"),
  policy: res.headers.get("ratelimit-policy"),
  reset: Number(res.headers.get("ratelimit-reset")),
});

const auth = (acct: TestAccount) => ({ authorization: `Bearer ${acct.agent.session?.accessJwt}` });

describe("rate limits (private PDS, limits on)", () => {
  beforeAll(async () => {
    limited = await startPrivatePds({
      rateLimitsEnabled: true,
      logLevel: "error",
      rateLimitBypassKey: BYPASS_KEY,
    });
    bypassed = await startPrivatePds({
      rateLimitsEnabled: true,
      logLevel: "error",
      rateLimitBypassIps: ["127.0.0.1"],
      // As behind a reverse proxy on this host: clients are told apart by the X-Forwarded-For it appends.
      trustProxy: true,
    });
  });
  afterAll(async () => {
    await limited?.close();
    await bypassed?.close();
  });

  it("stops password guessing after 30 tries in 5 minutes with 429 and the limit's headers", async () => {
    const acct = await createTestAccount(limited.pdsUrl);
    for (let i = 1; i <= 30; i++) {
      const res = await guess(limited.pdsUrl, acct.handle);
      expect(res.status).toBe(401);
      expect(rateLimitHeaders(res)).toMatchObject({ limit: "30", remaining: String(30 - i) });
    }
    const before = Math.floor(Date.now() / 1000);
    const refused = await guess(limited.pdsUrl, acct.handle);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: "RateLimitExceeded" });
    const headers = rateLimitHeaders(refused);
    expect(headers).toMatchObject({ limit: "30", remaining: "0", policy: "30;w=300" });
    // The epoch second the 5-minute window ends.
    expect(headers.reset).toBeGreaterThanOrEqual(before);
    expect(headers.reset).toBeLessThanOrEqual(before + 301);
    // The right password does not get through either: the budget is the identifier's from here.
    const right = await post(limited.pdsUrl, "com.atproto.server.createSession", {
      identifier: acct.handle.toUpperCase(),
      password: acct.password,
    });
    expect(right.status).toBe(429);
    // Another account is guessed from its own budget.
    const other = await guess(limited.pdsUrl, "someone-else.test");
    expect(other.status).toBe(401);
    expect(rateLimitHeaders(other).remaining).toBe("29");

    const metrics = await (await fetch(`${limited.pdsUrl}/metrics`)).text();
    expect(metrics).toMatch(/pds_rate_limit_hits_total\{limit="create-session-5m"\} 2\b/);

    // The bypass key lets the same guesses through to the password check, unlimited; a wrong key not.
    for (let i = 0; i < 5; i++) {
      const res = await guess(limited.pdsUrl, acct.handle, { "x-ratelimit-bypass": BYPASS_KEY });
      expect(res.status).toBe(401);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
    expect((await guess(limited.pdsUrl, acct.handle, { "x-ratelimit-bypass": "wrong" })).status).toBe(429);
  });

  it("spends one write budget per account: 5,000 points an hour, a create costing 3", async () => {
    const writer = await createTestAccount(limited.pdsUrl);
    const bystander = await createTestAccount(limited.pdsUrl);
    const batch = (n: number) => ({
      repo: writer.did,
      writes: Array.from({ length: 200 }, (_, i) => ({
        $type: "com.atproto.repo.applyWrites#create",
        collection: COLLECTION,
        rkey: `b${n}r${i}`,
        value: { $type: COLLECTION, n, i },
      })),
    });
    // 8 batches of 200 creates: 4,800 points.
    let last: Response | undefined;
    for (let n = 1; n <= 8; n++) {
      last = await post(limited.pdsUrl, "com.atproto.repo.applyWrites", batch(n), auth(writer));
      expect(last.status).toBe(200);
    }
    expect(rateLimitHeaders(last as Response)).toMatchObject({
      limit: "5000",
      remaining: "200",
      policy: "5000;w=3600",
    });
    // createRecord draws on the same budget.
    const single = await post(
      limited.pdsUrl,
      "com.atproto.repo.createRecord",
      { repo: writer.did, collection: COLLECTION, record: { $type: COLLECTION, single: true } },
      auth(writer),
    );
    expect(single.status).toBe(200);
    expect(rateLimitHeaders(single).remaining).toBe("197");

    const refused = await post(limited.pdsUrl, "com.atproto.repo.applyWrites", batch(9), auth(writer));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: "RateLimitExceeded" });
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: "5000", remaining: "0", policy: "5000;w=3600" });
    // The refused batch wrote nothing.
    const missing = await fetch(
      `${limited.pdsUrl}/xrpc/com.atproto.repo.getRecord?repo=${writer.did}&collection=${COLLECTION}&rkey=b9r0`,
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "RecordNotFound" });

    // Another account's budget is untouched.
    const other = await post(
      limited.pdsUrl,
      "com.atproto.repo.createRecord",
      { repo: bystander.did, collection: COLLECTION, record: { $type: COLLECTION } },
      auth(bystander),
    );
    expect(other.status).toBe(200);
  });

  it("never limits a bypass address, and counts others by the address the trusted proxy saw", async () => {
    const acct = await createTestAccount(bypassed.pdsUrl);
    for (let i = 0; i < 35; i++) {
      const res = await guess(bypassed.pdsUrl, acct.handle);
      expect(res.status).toBe(401);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
    // A client claiming the bypass address in X-Forwarded-For gets nothing from it: the proxy's entry
    // (the last) is the address counted.
    const proxied = { "x-forwarded-for": "127.0.0.1, 203.0.113.7" };
    for (let i = 0; i < 30; i++)
      expect((await guess(bypassed.pdsUrl, acct.handle, proxied)).status).toBe(401);
    const refused = await guess(bypassed.pdsUrl, acct.handle, proxied);
    expect(refused.status).toBe(429);
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: "30", remaining: "0", policy: "30;w=300" });
  });
});
