// Handles and did:web documents on the user's own domain, reached over HTTPS the way a production PDS
// reaches them: the PDS runs as its own process with SSRF protection on, sends its outbound requests
// through an egress proxy (NODE_USE_ENV_PROXY=1, HTTPS_PROXY) and trusts a test CA (NODE_EXTRA_CA_CERTS).
// The proxy maps every `<name>.example.com:443` to one TLS server on loopback holding a *.example.com
// certificate, which answers /.well-known/atproto-did and /.well-known/did.json per host. DNS goes to a
// loopback DNS server with no records, so every handle here is proven by its HTTPS file.
// Clients are @atproto/api's.
import { randomBytes } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import {
  createTestAccount,
  type EgressProxy,
  makeTestCertificate,
  startEgressProxy,
  type TestCertificate,
} from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeFrames, wsUrlOf } from "./firehose-frames.ts";
import { type PdsProcess, startPdsProcess } from "./pds-process.ts";
import { adminAuth } from "./support/admin-client.ts";
import { failure } from "./support/call-failure.ts";
import { createAccountJwt, createDidAccount, didDocument } from "./support/did-web-user.ts";
import { type LoopbackDns, startLoopbackDns } from "./support/loopback-dns.ts";

const ADMIN_PASSWORD = "https-names-admin";

// What each host serves: its atproto-did line and its DID document (absent: 404).
const sites = new Map<string, { atprotoDid?: string; didDoc?: unknown }>();
let certificate: TestCertificate;
let site: https.Server;
let egress: EgressProxy;
let dns: LoopbackDns;
let pds: PdsProcess;
let anon: AtpAgent;
let serviceDid: string;
let publicUrl: string;

const newHost = (label: string) => `${label}-${randomBytes(4).toString("hex")}.example.com`;
const wellKnown = (host: string) => `https://${host}/.well-known/atproto-did`;

function serveSites(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const entry = sites.get(host);
  if (req.url === "/.well-known/atproto-did" && entry?.atprotoDid) {
    res.writeHead(200, { "content-type": "text/plain" }).end(`${entry.atprotoDid}\n`);
  } else if (req.url === "/.well-known/did.json" && entry?.didDoc) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entry.didDoc));
  } else {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  certificate = makeTestCertificate("*.example.com");
  site = https.createServer({ cert: certificate.cert, key: certificate.key }, serveSites);
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  const sitePort = (site.address() as AddressInfo).port;
  egress = await startEgressProxy((target) =>
    target.endsWith(".example.com:443") ? `127.0.0.1:${sitePort}` : undefined,
  );
  dns = await startLoopbackDns();
  pds = await startPdsProcess({
    NODE_USE_ENV_PROXY: "1",
    HTTPS_PROXY: egress.url,
    NO_PROXY: "127.0.0.1,localhost",
    NODE_EXTRA_CA_CERTS: certificate.caPath,
    PDS_DISABLE_SSRF_PROTECTION: "false",
    PDS_HANDLE_DNS_SERVERS: dns.server,
    PDS_ID_RESOLVER_TIMEOUT: "2000",
    PDS_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  anon = new AtpAgent({ service: pds.url });
  serviceDid = (await anon.com.atproto.server.describeServer()).data.did;
  // The PDS on localhost answers at http://localhost:<port> (its default public URL there).
  publicUrl = pds.url.replace("127.0.0.1", "localhost");
}, 60_000);

afterAll(async () => {
  await pds?.destroy();
  await dns?.close();
  await egress?.close();
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
  certificate?.remove();
});

describe("a handle proven by https://<handle>/.well-known/atproto-did", () => {
  it("moves the account to it, through the egress proxy, with SSRF protection on", async () => {
    const user = await createTestAccount(pds.url);
    const handle = newHost("wk");
    sites.set(handle, { atprotoDid: user.did });
    await user.agent.com.atproto.identity.updateHandle({ handle });

    expect(egress.connects).toContainEqual({ target: `${handle}:443`, allowed: true });
    expect(dns.queries).toContain(`_atproto.${handle}`);
    expect((await user.agent.com.atproto.server.getSession()).data.handle).toBe(handle);
    expect((await anon.com.atproto.identity.resolveHandle({ handle })).data.did).toBe(user.did);
    const identity = await anon.com.atproto.identity.resolveIdentity({ identifier: user.did });
    expect(identity.data).toMatchObject({ did: user.did, handle });
  });

  it("refuses a file naming another DID, or none, and says what it found", async () => {
    const user = await createTestAccount(pds.url);
    const handle = newHost("wrong");
    sites.set(handle, { atprotoDid: "did:plc:someoneelse234567abcdefgh" });
    const wrong = await failure(user.agent.com.atproto.identity.updateHandle({ handle }));
    expect(wrong).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(wrong.message).toContain(`${wellKnown(handle)}: found "did:plc:someoneelse234567abcdefgh"`);

    const missing = newHost("none");
    const absent = await failure(user.agent.com.atproto.identity.updateHandle({ handle: missing }));
    expect(absent.message).toContain(`${wellKnown(missing)}: HTTP 404`);
    expect((await user.agent.com.atproto.server.getSession()).data.handle).toBe(user.handle);
  });

  it("the administrator may move an account to a verified domain, and only to one", async () => {
    const user = await createTestAccount(pds.url);
    const handle = newHost("adm");
    const unproven = await failure(
      anon.com.atproto.admin.updateAccountHandle({ did: user.did, handle }, adminAuth(ADMIN_PASSWORD)),
    );
    expect(unproven).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(unproven.message).toContain(wellKnown(handle));

    sites.set(handle, { atprotoDid: user.did });
    await anon.com.atproto.admin.updateAccountHandle({ did: user.did, handle }, adminAuth(ADMIN_PASSWORD));
    const info = await anon.com.atproto.admin.getAccountInfo({ did: user.did }, adminAuth(ADMIN_PASSWORD));
    expect(info.data.handle).toBe(handle);
  });
});

describe("a did:web on the user's own domain", () => {
  // did:web:<host> with its document and atproto-did file on that host, the handle being the host.
  async function publish(label: string) {
    const host = newHost(label);
    const did = `did:web:${host}`;
    const userKey = await Secp256k1Keypair.create();
    sites.set(host, {
      atprotoDid: did,
      didDoc: didDocument(did, { handle: host, key: userKey.did(), pds: publicUrl }),
    });
    return { host, did, userKey };
  }

  // Created with a JWT from the user's key, then the document points at us and the account is active.
  // `claim(handle)` publishes a document claiming that handle.
  async function activeAccount(label: string) {
    const { host, did, userKey } = await publish(label);
    const { data: reserved } = await anon.com.atproto.server.reserveSigningKey({ did });
    const jwt = await createAccountJwt(did, userKey, serviceDid);
    const agent = await createDidAccount(pds.url, did, host, jwt);
    expect(agent.session).toMatchObject({ did, handle: host });
    const claim = (handle: string) =>
      sites.set(host, {
        atprotoDid: did,
        didDoc: didDocument(did, { handle, key: reserved.signingKey, pds: publicUrl }),
      });
    claim(host);
    await agent.com.atproto.server.activateAccount();
    return { host, did, agent, claim };
  }

  // refreshIdentity's answer and the #identity event it caused.
  async function refreshAnnounced(agent: AtpAgent, did: string) {
    const announced = subscribeFrames(wsUrlOf(pds.url), (frames) =>
      frames.some((f) => f.t === "#identity" && f.body.did === did),
    );
    await announced.opened;
    const refreshed = await agent.com.atproto.identity.refreshIdentity({ identifier: did });
    const event = (await announced.frames).find((f) => f.t === "#identity")?.body;
    return { handle: refreshed.data.handle, event };
  }

  it("is created with its own domain as handle, activated, used, and follows a handle change in its document", async () => {
    const { host, did, agent, claim } = await activeAccount("dw");
    expect(egress.connects).toContainEqual({ target: `${host}:443`, allowed: true });
    const post = {
      $type: "app.bsky.feed.post",
      text: "hello from my own domain",
      createdAt: new Date().toISOString(),
    };
    await agent.com.atproto.repo.createRecord({ repo: did, collection: "app.bsky.feed.post", record: post });
    expect((await anon.com.atproto.identity.resolveIdentity({ identifier: host })).data).toMatchObject({
      did,
      handle: host,
    });

    // The user moves the handle to another of their domains, in the document and on that domain.
    const next = newHost("next");
    sites.set(next, { atprotoDid: did });
    claim(next);
    const { handle, event } = await refreshAnnounced(agent, did);
    expect(handle).toBe(next);
    expect(event).toMatchObject({ did, handle: next });
    expect((await agent.com.atproto.server.getSession()).data.handle).toBe(next);
    expect((await anon.com.atproto.identity.resolveHandle({ handle: next })).data.did).toBe(did);
  });

  it("keeps its handle when the document claims one that does not name it", async () => {
    const { host, did, agent, claim } = await activeAccount("keep");
    claim(newHost("unproven"));
    const { handle, event } = await refreshAnnounced(agent, did);
    expect(handle).toBe("handle.invalid");
    expect(event).toMatchObject({ did, handle: host });
    expect((await agent.com.atproto.server.getSession()).data.handle).toBe(host);
  });

  it("refuses createAccount with a handle on a domain that does not name the DID", async () => {
    const { did, userKey } = await publish("refuse");
    const elsewhere = newHost("elsewhere");
    const res = await failure(
      createDidAccount(pds.url, did, elsewhere, await createAccountJwt(did, userKey, serviceDid)),
    );
    expect(res).toMatchObject({ status: 400, error: "InvalidRequest" });
    expect(res.message).toContain(`${wellKnown(elsewhere)}: HTTP 404`);
  });
});
