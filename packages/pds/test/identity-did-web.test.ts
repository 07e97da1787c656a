// did:web accounts on a private PDS, through @atproto/api: the user reserves a repo signing key,
// publishes a DID document on a loopback HTTP server (`did:web:localhost%3A<port>`, http as the did:web
// rule for localhost; the private PDS allows loopback as the devnet does), creates the account with a
// service JWT signed by the DID's own key, points the document at this PDS and the reserved key as
// getRecommendedDidCredentials says, activates, writes and reads a record, resolves the identity; a
// later change of the document is announced with #identity after refreshIdentity. And the refusals:
// no JWT, a JWT signed by another key or for another audience or method, a missing, unreachable or
// keyless document, a document naming another PDS or key at activation.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Frame, subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { failure } from "./support/call-failure.ts";
import {
  createAccountJwt,
  createDidAccount,
  didDocument as userDidDocument,
} from "./support/did-web-user.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

let stack: PrivatePds;
let anon: AtpAgent;
let serviceDid: string;
let publicUrl: string;
let domain: string;
const hosts: DidHost[] = [];

// One did:web: its document (or a 404 while `doc` is null) served at /.well-known/did.json.
interface DidHost {
  did: string;
  doc: Record<string, unknown> | null;
  close: () => Promise<void>;
}

async function startDidHost(): Promise<DidHost> {
  const server = http.createServer((req, res) => {
    if (req.url !== "/.well-known/did.json" || host.doc === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(host.doc));
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const port = (server.address() as AddressInfo).port;
  const host: DidHost = {
    did: `did:web:localhost%3A${port}`,
    doc: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  hosts.push(host);
  return host;
}

const didDocument = (did: string, opts: { handle: string; key?: string; pds?: string }) =>
  userDidDocument(did, { ...opts, pds: opts.pds ?? publicUrl });

let counter = 0;
const newHandle = () => `dw${Date.now().toString(36)}${counter++}${domain}`;

const serviceJwt = (did: string, keypair: Secp256k1Keypair, claims: { aud?: string; lxm?: string } = {}) =>
  createAccountJwt(did, keypair, claims.aud ?? serviceDid, claims.lxm);

// A did:web with its document naming the user's own key, our PDS and a fresh handle.
async function publishedDid(): Promise<{ host: DidHost; userKey: Secp256k1Keypair; handle: string }> {
  const host = await startDidHost();
  const userKey = await Secp256k1Keypair.create();
  const handle = newHandle();
  host.doc = didDocument(host.did, { handle, key: userKey.did() });
  return { host, userKey, handle };
}

const createWithJwt = (did: string, handle: string, jwt: string | null) =>
  createDidAccount(stack.pdsUrl, did, handle, jwt);

const identityOf = (did: string) => (f: Frame) => f.t === "#identity" && f.body.did === did;

beforeAll(async () => {
  stack = await startPrivatePds({ idResolverTimeoutMs: 1000 });
  anon = new AtpAgent({ service: stack.pdsUrl });
  const described = await anon.com.atproto.server.describeServer();
  serviceDid = described.data.did;
  domain = described.data.availableUserDomains[0] ?? ".test";
  publicUrl = stack.pds.ctx.cfg.publicUrl;
}, 60_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  await stack?.close();
});

describe("a did:web account", () => {
  it("is created with a service JWT from the DID's key, activated once its document names us, then used", async () => {
    const { host, userKey, handle } = await publishedDid();
    const { did } = host;

    const reserved = await anon.com.atproto.server.reserveSigningKey({ did });
    expect(reserved.data.signingKey).toMatch(/^did:key:z/);
    // Asking again while the reservation lives gives the same key.
    expect((await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey).toBe(
      reserved.data.signingKey,
    );

    const agent = await createWithJwt(did, handle, await serviceJwt(did, userKey));
    expect(agent.session).toMatchObject({ did, handle });
    // Created deactivated: the document does not name the repo key yet.
    const status = await agent.com.atproto.server.checkAccountStatus();
    expect(status.data).toMatchObject({ activated: false, validDid: false });

    const creds = await agent.com.atproto.identity.getRecommendedDidCredentials();
    expect(creds.data).toEqual({
      alsoKnownAs: [`at://${handle}`],
      verificationMethods: { atproto: reserved.data.signingKey },
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: publicUrl } },
    });
    // The reservation was used up by the account.
    expect((await anon.com.atproto.server.reserveSigningKey({ did })).data.signingKey).not.toBe(
      reserved.data.signingKey,
    );

    const early = await failure(agent.com.atproto.server.activateAccount());
    expect(early).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(early.message).toContain(`names ${userKey.did()} #atproto key`);
    expect(early.message).toContain(reserved.data.signingKey);

    host.doc = didDocument(did, { handle, key: reserved.data.signingKey });
    const sub = subscribeFrames(wsUrlOf(stack.pdsUrl), (frames) =>
      frames.some((f) => f.t === "#commit" && f.body.repo === did),
    );
    await sub.opened;
    await agent.com.atproto.server.activateAccount();
    expect((await agent.com.atproto.server.checkAccountStatus()).data).toMatchObject({
      activated: true,
      validDid: true,
    });

    const post = {
      $type: "app.bsky.feed.post",
      text: "hello from did:web",
      createdAt: new Date().toISOString(),
    };
    const written = await agent.com.atproto.repo.createRecord({
      repo: did,
      collection: "app.bsky.feed.post",
      record: post,
    });
    const rkey = written.data.uri.split("/").pop() as string;
    const read = await anon.com.atproto.repo.getRecord({ repo: did, collection: "app.bsky.feed.post", rkey });
    expect(read.data.value).toEqual(post);
    const frames = await sub.frames;
    expect(frames.filter((f) => f.body.did === did).map((f) => f.t)).toEqual([
      "#account",
      "#identity",
      "#sync",
    ]);

    const byDid = await anon.com.atproto.identity.resolveIdentity({ identifier: did });
    expect(byDid.data).toMatchObject({ did, handle });
    expect((byDid.data.didDoc as { id: string }).id).toBe(did);
    const byHandle = await anon.com.atproto.identity.resolveIdentity({ identifier: handle });
    expect(byHandle.data).toMatchObject({ did, handle });
    expect((await anon.com.atproto.identity.resolveHandle({ handle })).data.did).toBe(did);

    // The user changes the document (another handle); refreshIdentity notices and the change is
    // announced, once. (A handle under our domain that no account holds: no DNS lookup leaves the box.)
    const elsewhere = newHandle();
    host.doc = didDocument(did, { handle: elsewhere, key: reserved.data.signingKey });
    const changed = subscribeFrames(wsUrlOf(stack.pdsUrl), (fs) =>
      fs.some((f) => f.t === "#commit" && f.body.repo === did),
    );
    await changed.opened;
    const refreshed = await agent.com.atproto.identity.refreshIdentity({ identifier: did });
    expect((refreshed.data.didDoc as { alsoKnownAs: string[] }).alsoKnownAs).toEqual([`at://${elsewhere}`]);
    // Not verified: no account here holds that handle.
    expect(refreshed.data.handle).toBe("handle.invalid");
    await agent.com.atproto.identity.refreshIdentity({ identifier: did });
    // A write after both refreshes closes the frame collection.
    await agent.com.atproto.repo.createRecord({ repo: did, collection: "app.bsky.feed.post", record: post });
    const after = await changed.frames;
    expect(after.filter(identityOf(did)).map((f) => f.body)).toEqual([
      expect.objectContaining({ did, handle }),
    ]);
  });
});

describe("refusals", () => {
  it("without a service JWT", async () => {
    const { host, handle } = await publishedDid();
    const res = await failure(createWithJwt(host.did, handle, null));
    expect(res).toMatchObject({ status: 401, error: "AuthenticationRequired" });
    expect(res.message).toContain(host.did);
  });

  it("with a JWT signed by a key the document does not name", async () => {
    const { host, handle } = await publishedDid();
    const other = await Secp256k1Keypair.create();
    const res = await failure(createWithJwt(host.did, handle, await serviceJwt(host.did, other)));
    expect(res).toMatchObject({ status: 401, error: "BadJwtSignature" });
  });

  it("with a JWT for another audience or another method", async () => {
    const { host, userKey, handle } = await publishedDid();
    const aud = await failure(
      createWithJwt(
        host.did,
        handle,
        await serviceJwt(host.did, userKey, { aud: "did:web:elsewhere.example" }),
      ),
    );
    expect(aud).toMatchObject({ status: 401, error: "BadJwtAudience" });
    const lxm = await failure(
      createWithJwt(
        host.did,
        handle,
        await serviceJwt(host.did, userKey, { lxm: "com.atproto.server.createSession" }),
      ),
    );
    expect(lxm).toMatchObject({ status: 401, error: "BadJwtLexiconMethod" });
  });

  it("when the document is missing, unreachable or names no #atproto key", async () => {
    const { host, userKey, handle } = await publishedDid();
    const jwt = await serviceJwt(host.did, userKey);
    host.doc = null;
    const missing = await failure(createWithJwt(host.did, handle, jwt));
    expect(missing).toMatchObject({ status: 400, error: "DidNotFound" });
    expect(missing.message).toContain(
      `${host.did.replace("did:web:", "http://").replace("%3A", ":")}/.well-known/did.json`,
    );

    host.doc = didDocument(host.did, { handle });
    const keyless = await failure(createWithJwt(host.did, handle, jwt));
    expect(keyless).toMatchObject({ status: 400, error: "IncompatibleDidDoc" });

    await host.close();
    const unreachable = await failure(createWithJwt(host.did, handle, jwt));
    expect(unreachable).toMatchObject({ status: 502, error: "UpstreamFailure" });
    expect(unreachable.message).toContain(host.did);
  });

  it("activation while the document names another PDS", async () => {
    const { host, userKey, handle } = await publishedDid();
    const { data: reserved } = await anon.com.atproto.server.reserveSigningKey({ did: host.did });
    const agent = await createWithJwt(host.did, handle, await serviceJwt(host.did, userKey));
    host.doc = didDocument(host.did, {
      handle,
      key: reserved.signingKey,
      pds: "https://pds.elsewhere.example",
    });
    const res = await failure(agent.com.atproto.server.activateAccount());
    expect(res).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(res.message).toContain("https://pds.elsewhere.example");
    expect(res.message).toContain(publicUrl);
  });
});
