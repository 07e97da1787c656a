// com.atproto.identity.updateHandle to a handle on the user's own domain, verified over real DNS: a
// DNS server on loopback (support/loopback-dns.ts) that the private PDS asks through
// PDS_HANDLE_DNS_SERVERS. Clients are @atproto/api's.
import { randomBytes } from "node:crypto";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevMailer } from "../src/mailer/mailer.ts";
import { subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { failure } from "./support/call-failure.ts";
import { type LoopbackDns, startLoopbackDns } from "./support/loopback-dns.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

let dns: LoopbackDns;
let stack: PrivatePds;

beforeAll(async () => {
  dns = await startLoopbackDns();
  stack = await startPrivatePds({ handleDnsServers: [dns.server], idResolverTimeoutMs: 1000 });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await dns?.close();
});

// example.com's subdomains: a valid TLD, and names nobody's DNS or HTTPS answers for.
const customHandle = () => `h${randomBytes(5).toString("hex")}.example.com`;

describe("custom-domain handles (DNS TXT)", () => {
  let acct: TestAccount;
  beforeAll(async () => {
    acct = await createTestAccount(stack.pdsUrl);
  });

  it("refuses a domain without an _atproto record and says what it looked up", async () => {
    const handle = customHandle();
    const err = await failure(acct.agent.com.atproto.identity.updateHandle({ handle }));
    expect(err).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(err.message).toContain("External handle did not resolve to DID");
    expect(err.message).toContain(`DNS TXT _atproto.${handle} (servers ${dns.server}): ENOTFOUND`);
    expect(err.message).toContain(`https://${handle}/.well-known/atproto-did`);
    expect(dns.queries).toContain(`_atproto.${handle}`);
  });

  it("refuses a record naming another DID and shows the record found", async () => {
    const handle = customHandle();
    dns.setTxt(`_atproto.${handle}`, ["did=did:plc:someoneelse234567abcdefgh"]);
    const err = await failure(acct.agent.com.atproto.identity.updateHandle({ handle }));
    expect(err).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(err.message).toContain("it names did:plc:someoneelse234567abcdefgh");
    expect(err.message).toContain(`found "did=did:plc:someoneelse234567abcdefgh"`);
    const me = await acct.agent.com.atproto.identity.resolveIdentity({ identifier: acct.did });
    expect(me.data.handle).toBe(acct.handle);
  });

  it("refuses disallowed TLDs without looking them up", async () => {
    const handle = `h${randomBytes(4).toString("hex")}.internal`;
    const err = await failure(acct.agent.com.atproto.identity.updateHandle({ handle }));
    expect(err).toMatchObject({ status: 400, error: "InvalidHandle" });
    expect(dns.queries).not.toContain(`_atproto.${handle}`);
  });

  it("moves the account to a verified domain: PLC document, #identity event, resolution", async () => {
    const other = await createTestAccount(stack.pdsUrl);
    const handle = customHandle();
    dns.setTxt(`_atproto.${handle}`, [`did=${other.did}`]);
    // Cached before the move: the change must invalidate it.
    const before = await other.agent.com.atproto.identity.resolveIdentity({ identifier: other.did });
    expect(before.data.handle).toBe(other.handle);

    const sub = subscribeFrames(wsUrlOf(stack.pdsUrl), (frames) =>
      frames.some((f) => f.t === "#identity" && f.body.did === other.did && f.body.handle === handle),
    );
    await sub.opened;
    await other.agent.com.atproto.identity.updateHandle({ handle });
    const frames = await sub.frames;
    expect(frames.some((f) => f.t === "#identity" && f.body.handle === handle)).toBe(true);

    const doc = await other.agent.com.atproto.identity.resolveDid({ did: other.did });
    expect((doc.data.didDoc as { alsoKnownAs: string[] }).alsoKnownAs).toContain(`at://${handle}`);
    const plcDoc = (await (await fetch(`${stack.plcUrl}/${other.did}`)).json()) as { alsoKnownAs: string[] };
    expect(plcDoc.alsoKnownAs).toEqual([`at://${handle}`]);

    const byHandle = await other.agent.com.atproto.identity.resolveHandle({ handle });
    expect(byHandle.data.did).toBe(other.did);
    const identity = await other.agent.com.atproto.identity.resolveIdentity({ identifier: handle });
    expect(identity.data).toMatchObject({ did: other.did, handle });
    const session = await other.agent.com.atproto.server.getSession();
    expect(session.data.handle).toBe(handle);
    // The old handle is free again and no longer resolves.
    const old = await failure(other.agent.com.atproto.identity.resolveHandle({ handle: other.handle }));
    expect(old).toMatchObject({ status: 400, error: "HandleNotFound" });
  });

  it("a record taken down shows after refreshIdentity, not before (cache)", async () => {
    const user = await createTestAccount(stack.pdsUrl);
    const handle = customHandle();
    dns.setTxt(`_atproto.${handle}`, [`did=${user.did}`]);
    await user.agent.com.atproto.identity.updateHandle({ handle });
    const cached = await user.agent.com.atproto.identity.resolveIdentity({ identifier: user.did });
    expect(cached.data.handle).toBe(handle);

    dns.setTxt(`_atproto.${handle}`, []);
    const queriesBefore = dns.queries.length;
    const stillCached = await user.agent.com.atproto.identity.resolveIdentity({ identifier: user.did });
    expect(stillCached.data.handle).toBe(handle);
    expect(dns.queries.length).toBe(queriesBefore);

    const refreshed = await user.agent.com.atproto.identity.refreshIdentity({ identifier: user.did });
    expect(refreshed.data).toMatchObject({ did: user.did, handle: "handle.invalid" });
    expect(dns.queries.length).toBeGreaterThan(queriesBefore);
    const after = await user.agent.com.atproto.identity.resolveIdentity({ identifier: user.did });
    expect(after.data.handle).toBe("handle.invalid");
  });

  it("moves back to a handle under the server's domain", async () => {
    const user = await createTestAccount(stack.pdsUrl);
    const handle = customHandle();
    dns.setTxt(`_atproto.${handle}`, [`did=${user.did}`]);
    await user.agent.com.atproto.identity.updateHandle({ handle });
    const back = `b${randomBytes(4).toString("hex")}.test`;
    await user.agent.com.atproto.identity.updateHandle({ handle: back });
    const identity = await user.agent.com.atproto.identity.resolveIdentity({ identifier: user.did });
    expect(identity.data.handle).toBe(back);
    // The custom domain still names the DID, but the document no longer claims it.
    const viaCustom = await user.agent.com.atproto.identity.resolveIdentity({ identifier: handle });
    expect(viaCustom.data).toMatchObject({ did: user.did, handle: "handle.invalid" });
  });

  it("getRecommendedDidCredentials and the PLC operation flow keep the custom handle", async () => {
    const user = await createTestAccount(stack.pdsUrl);
    const handle = customHandle();
    dns.setTxt(`_atproto.${handle}`, [`did=${user.did}`]);
    await user.agent.com.atproto.identity.updateHandle({ handle });

    const identity = user.agent.com.atproto.identity;
    const creds = (await identity.getRecommendedDidCredentials()).data;
    expect(creds.alsoKnownAs).toEqual([`at://${handle}`]);
    await identity.requestPlcOperationSignature();
    const mail = (stack.pds.ctx.mailer as DevMailer).lastTo(user.email);
    const token = /confirmation code is: ([A-Z2-7]{5}-[A-Z2-7]{5})/.exec(mail?.text ?? "")?.[1];
    expect(token).toBeDefined();
    const signed = await identity.signPlcOperation({ token, ...creds });
    expect((signed.data.operation as { alsoKnownAs: string[] }).alsoKnownAs).toEqual([`at://${handle}`]);
    await identity.submitPlcOperation({ operation: signed.data.operation });

    const plcDoc = (await (await fetch(`${stack.plcUrl}/${user.did}`)).json()) as { alsoKnownAs: string[] };
    expect(plcDoc.alsoKnownAs).toEqual([`at://${handle}`]);
    const after = await identity.resolveIdentity({ identifier: handle });
    expect(after.data).toMatchObject({ did: user.did, handle });
  });
});
