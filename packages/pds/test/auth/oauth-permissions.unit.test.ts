// What an OAuth session may do, method by method: the real methods' `oauth` rules run against
// permissions built from scope strings, as the router runs them (checkOAuthRule) for a DPoP caller.
import { ScopePermissionsTransition } from "@atproto/oauth-scopes";
import { describe, expect, it } from "vitest";
import { methods } from "../../src/api/index.ts";
import { checkOAuthRule, rpcAudience } from "../../src/auth/oauth-permissions.ts";
import type { PdsConfig } from "../../src/config.ts";
import type { AppContext } from "../../src/context.ts";
import type { XrpcMethod } from "../../src/xrpc/method.ts";

const SERVICE_DID = "did:web:pds.test";
const APPVIEW_DID = "did:web:appview.test";
const FEEDGEN = "did:web:feeds.test#bsky_fg";

function ctxWith(cfg: Partial<PdsConfig> = {}): AppContext {
  return { cfg: { serviceDid: SERVICE_DID, ...cfg } as PdsConfig } as AppContext;
}

const byNsid = new Map(methods.map((m) => [m.nsid, m]));
function methodOf(nsid: string): XrpcMethod {
  const m = byNsid.get(nsid);
  if (!m) throw new Error(`no method ${nsid}`);
  return m;
}

interface Call {
  params?: Record<string, unknown>;
  input?: unknown;
  headers?: Record<string, string>;
  ctx?: AppContext;
}

// The refusal the router would answer with, or null when the call is allowed.
function refusal(
  scope: string,
  nsid: string,
  call: Call = {},
): { status: number; error: string; message: string } | null {
  const permissions = new ScopePermissionsTransition(scope.split(" "));
  const req = new Request(`https://pds.test/xrpc/${nsid}`, { headers: call.headers });
  try {
    checkOAuthRule(methodOf(nsid).oauth, permissions, {
      ctx: call.ctx ?? ctxWith(),
      params: call.params ?? {},
      input: call.input,
      req,
    });
    return null;
  } catch (err) {
    const { status, error, message } = err as { status: number; error: string; message: string };
    return { status, error, message };
  }
}

const create = (collection: string) => ({ input: { repo: "did:plc:x", collection, record: {} } });
const missing = (scope: string) => ({
  status: 403,
  error: "ScopeMissingError",
  message: `Missing required scope "${scope}"`,
});

describe("repo: permissions", () => {
  const postOnly = "atproto repo:app.bsky.feed.post?action=create";

  it("allow only the collections and actions they name", () => {
    expect(refusal(postOnly, "com.atproto.repo.createRecord", create("app.bsky.feed.post"))).toBeNull();
    expect(refusal(postOnly, "com.atproto.repo.createRecord", create("app.bsky.feed.like"))).toEqual(
      missing("repo:app.bsky.feed.like?action=create"),
    );
    expect(refusal(postOnly, "com.atproto.repo.deleteRecord", create("app.bsky.feed.post"))).toEqual(
      missing("repo:app.bsky.feed.post?action=delete"),
    );
    // putRecord may create or replace: it needs both.
    expect(refusal(postOnly, "com.atproto.repo.putRecord", create("app.bsky.feed.post"))).toEqual(
      missing("repo:app.bsky.feed.post?action=update"),
    );
    const full = "atproto repo:app.bsky.feed.post";
    expect(refusal(full, "com.atproto.repo.putRecord", create("app.bsky.feed.post"))).toBeNull();
    expect(refusal(full, "com.atproto.repo.deleteRecord", create("app.bsky.feed.post"))).toBeNull();
  });

  it("check every write of an applyWrites batch", () => {
    const writes = (...w: [string, string][]) => ({
      input: {
        repo: "did:plc:x",
        writes: w.map(([type, collection]) => ({
          $type: `com.atproto.repo.applyWrites#${type}`,
          collection,
        })),
      },
    });
    const scope = "atproto repo:app.bsky.feed.post?action=create&action=delete";
    expect(
      refusal(scope, "com.atproto.repo.applyWrites", writes(["create", "app.bsky.feed.post"])),
    ).toBeNull();
    expect(
      refusal(
        scope,
        "com.atproto.repo.applyWrites",
        writes(["create", "app.bsky.feed.post"], ["update", "app.bsky.feed.post"]),
      ),
    ).toEqual(missing("repo:app.bsky.feed.post?action=update"));
    expect(
      refusal(scope, "com.atproto.repo.applyWrites", writes(["delete", "app.bsky.graph.follow"])),
    ).toEqual(missing("repo:app.bsky.graph.follow?action=delete"));
  });

  it("repo:* covers every collection; nothing covers importRepo but account:repo", () => {
    expect(
      refusal("atproto repo:*", "com.atproto.repo.createRecord", create("net.example.thing")),
    ).toBeNull();
    expect(refusal("atproto repo:*", "com.atproto.repo.importRepo")).toEqual(
      missing("account:repo?action=manage"),
    );
    expect(refusal("atproto account:repo?action=manage", "com.atproto.repo.importRepo")).toBeNull();
  });
});

describe("blob: permissions", () => {
  it("match the declared Content-Type of an upload", () => {
    const upload = (type: string) => ({ headers: { "content-type": type } });
    expect(refusal("atproto blob:image/*", "com.atproto.repo.uploadBlob", upload("image/png"))).toBeNull();
    expect(refusal("atproto blob:image/*", "com.atproto.repo.uploadBlob", upload("video/mp4"))).toEqual(
      missing("blob:video/mp4"),
    );
    expect(refusal("atproto", "com.atproto.repo.uploadBlob", {})).toEqual(
      missing("blob:application/octet-stream"),
    );
  });
});

describe("rpc: permissions", () => {
  const serviceAuth = (aud: string, lxm?: string) => ({ params: lxm ? { aud, lxm } : { aud } });

  it("limit getServiceAuth to the audience and method they name", () => {
    const scope = `atproto rpc:app.bsky.feed.getFeedSkeleton?aud=${FEEDGEN}`;
    const nsid = "com.atproto.server.getServiceAuth";
    expect(refusal(scope, nsid, serviceAuth(FEEDGEN, "app.bsky.feed.getFeedSkeleton"))).toBeNull();
    expect(
      refusal(scope, nsid, serviceAuth("did:web:other.test#bsky_fg", "app.bsky.feed.getFeedSkeleton")),
    ).toEqual(missing("rpc:app.bsky.feed.getFeedSkeleton?aud=did:web:other.test%23bsky_fg"));
    expect(refusal(scope, nsid, serviceAuth(FEEDGEN, "app.bsky.feed.getTimeline"))).toMatchObject({
      status: 403,
      error: "ScopeMissingError",
    });
    // A token for any method needs rpc:*.
    expect(refusal(scope, nsid, serviceAuth(FEEDGEN))).toMatchObject({
      status: 403,
      error: "ScopeMissingError",
    });
  });

  it("address preferences to the AppView, or to this PDS standing in for it", () => {
    const nsid = "app.bsky.actor.getPreferences";
    const withAppView = ctxWith({ bskyAppView: { url: "http://appview.test", did: APPVIEW_DID } });
    const scope = (aud: string) => `atproto rpc:${nsid}?aud=${encodeURIComponent(aud)}`;
    expect(refusal(scope(`${APPVIEW_DID}#bsky_appview`), nsid, { ctx: withAppView })).toBeNull();
    expect(refusal(scope(`${APPVIEW_DID}#bsky_appview`), nsid)).toMatchObject({ error: "ScopeMissingError" });
    expect(refusal(scope(`${SERVICE_DID}#bsky_appview`), nsid)).toBeNull();
    expect(refusal(`atproto rpc:${nsid}?aud=*`, "app.bsky.actor.putPreferences")).toMatchObject({
      error: "ScopeMissingError",
    });
    // The atproto-proxy header names the audience when present.
    const headers = { "atproto-proxy": "did:web:other-appview.test#bsky_appview" };
    expect(refusal(`atproto rpc:${nsid}?aud=*`, nsid, { headers })).toBeNull();
    expect(rpcAudience(ctxWith().cfg, new Request("http://x/", { headers }), nsid)).toBe(
      headers["atproto-proxy"],
    );
  });

  it("reports go to the moderation service's labeler id", () => {
    const cfg = ctxWith({ modService: { url: "http://mod.test", did: "did:web:mod.test" } }).cfg;
    const req = new Request("http://x/");
    expect(rpcAudience(cfg, req, "com.atproto.moderation.createReport")).toBe(
      "did:web:mod.test#atproto_labeler",
    );
    expect(rpcAudience(cfg, req, "tools.ozone.moderation.queryEvents")).toBe(
      "did:web:mod.test#atproto_labeler",
    );
    expect(rpcAudience(ctxWith().cfg, req, "com.atproto.moderation.createReport")).toBe(
      `${SERVICE_DID}#atproto_labeler`,
    );
  });
});

describe("transition scopes", () => {
  const generic = "atproto transition:generic";

  it("transition:generic grants repo, blob and rpc, but not chat, identity or account management", () => {
    expect(refusal(generic, "com.atproto.repo.createRecord", create("app.bsky.feed.like"))).toBeNull();
    expect(
      refusal(generic, "com.atproto.repo.uploadBlob", { headers: { "content-type": "video/mp4" } }),
    ).toBeNull();
    expect(refusal(generic, "com.atproto.server.getServiceAuth", { params: { aud: FEEDGEN } })).toBeNull();
    const chat = { params: { aud: "did:web:chat.test#bsky_chat", lxm: "chat.bsky.convo.listConvos" } };
    expect(refusal(generic, "com.atproto.server.getServiceAuth", chat)).toMatchObject({
      error: "ScopeMissingError",
    });
    expect(refusal(`${generic} transition:chat.bsky`, "com.atproto.server.getServiceAuth", chat)).toBeNull();
    expect(refusal(generic, "com.atproto.identity.updateHandle")).toEqual(missing("identity:handle"));
    expect(refusal(generic, "com.atproto.identity.signPlcOperation")).toEqual(missing("identity:*"));
    expect(refusal(generic, "com.atproto.server.requestEmailConfirmation")).toEqual(
      missing("account:email?action=manage"),
    );
  });

  it("identity:handle covers the handle only; identity:* the PLC operations too", () => {
    expect(refusal("atproto identity:handle", "com.atproto.identity.updateHandle")).toBeNull();
    expect(refusal("atproto identity:handle", "com.atproto.identity.submitPlcOperation")).toEqual(
      missing("identity:*"),
    );
    for (const nsid of [
      "com.atproto.identity.requestPlcOperationSignature",
      "com.atproto.identity.signPlcOperation",
      "com.atproto.identity.submitPlcOperation",
      "com.atproto.identity.updateHandle",
    ])
      expect(refusal("atproto identity:*", nsid), nsid).toBeNull();
  });

  it("transition:email reads the email address but does not manage it", () => {
    const email = new ScopePermissionsTransition(["atproto", "transition:email"]);
    expect(email.allowsAccount({ attr: "email", action: "read" })).toBe(true);
    expect(new ScopePermissionsTransition(["atproto"]).allowsAccount({ attr: "email", action: "read" })).toBe(
      false,
    );
    expect(refusal("atproto transition:email", "com.atproto.server.confirmEmail")).toMatchObject({
      error: "ScopeMissingError",
    });
    expect(refusal("atproto account:email?action=manage", "com.atproto.server.confirmEmail")).toBeNull();
  });

  it("some methods need no permission beyond atproto", () => {
    for (const nsid of [
      "com.atproto.server.getSession",
      "com.atproto.server.checkAccountStatus",
      "com.atproto.repo.listMissingBlobs",
      "com.atproto.identity.getRecommendedDidCredentials",
    ])
      expect(refusal("atproto", nsid), nsid).toBeNull();
  });
});

describe("methods refused to OAuth sessions", () => {
  const forbidden = (message: string) => ({ status: 403, error: "Forbidden", message });
  const UNSUPPORTED = "OAuth credentials are not supported for this endpoint";
  const EMAIL = "Use the account manager interface to update email address associated with an account";

  it("answer 403 Forbidden whatever the scopes, as the official PDS", () => {
    const everything =
      "atproto transition:generic transition:email transition:chat.bsky identity:* account:*";
    for (const nsid of [
      "com.atproto.server.activateAccount",
      "com.atproto.server.deactivateAccount",
      "com.atproto.server.createAppPassword",
      "com.atproto.server.listAppPasswords",
      "com.atproto.server.revokeAppPassword",
      "com.atproto.server.requestAccountDelete",
      "com.atproto.server.getAccountInviteCodes",
      "com.atproto.temp.checkSignupQueue",
    ])
      expect(refusal(everything, nsid), nsid).toEqual(forbidden(UNSUPPORTED));
    for (const nsid of ["com.atproto.server.requestEmailUpdate", "com.atproto.server.updateEmail"])
      expect(refusal(everything, nsid), nsid).toEqual(forbidden(EMAIL));
  });

  it("every method that takes a session has a rule, and one without is refused", () => {
    const sessionMethods = methods.filter((m) => ["access", "access-full", "optional"].includes(m.auth));
    expect(sessionMethods.filter((m) => m.oauth === undefined).map((m) => m.nsid)).toEqual([]);
    const permissions = new ScopePermissionsTransition(["atproto", "transition:generic"]);
    const req = new Request("https://pds.test/xrpc/net.example.new");
    expect(() =>
      checkOAuthRule(undefined, permissions, { ctx: ctxWith(), params: {}, input: undefined, req }),
    ).toThrow(UNSUPPORTED);
  });
});
