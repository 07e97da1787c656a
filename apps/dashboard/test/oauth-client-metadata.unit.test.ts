// The dashboard's OAuth scope grants exactly what the dashboard does (its record writes, its service
// JWTs for the Worker) and nothing more (the writes the Worker makes with its own grant are not the
// dashboard's), read by the same library the PDS checks scopes with; and the
// deployment's client-metadata.json is a valid discoverable client document for that scope.
import { ScopePermissionsTransition } from "@atproto/oauth-scopes";
import { oauthClientMetadataSchema } from "@atproto/oauth-types";
import { ATRARIUM_API_ROUTES } from "@atrarium/lexicon";
import { describe, expect, it } from "vitest";
import { CLIENT_METADATA_PATH, dashboardClientMetadata } from "../server/client-metadata.ts";
import { DASHBOARD_OAUTH_SCOPE, OAUTH_CALLBACK_PATH } from "../src/lib/oauth-scope.ts";
import { WORKER_WRITE_NSIDS } from "../src/lib/worker-session.ts";

const permissions = new ScopePermissionsTransition(DASHBOARD_OAUTH_SCOPE);
const worker = "did:web:feeds.example.com";

describe("the dashboard's OAuth scope", () => {
  it("is granular: atproto without transition:generic", () => {
    const scopes = DASHBOARD_OAUTH_SCOPE.split(" ");
    expect(scopes).toContain("atproto");
    expect(scopes.filter((s) => s.startsWith("transition:"))).toEqual([]);
  });

  it.each([
    ["net.atrarium.community.config", "create"],
    ["net.atrarium.community.config", "update"],
    ["app.bsky.feed.post", "create"],
    ["app.bsky.feed.generator", "create"],
    ["app.bsky.feed.generator", "update"],
  ] as const)("allows %s %s", (collection, action) => {
    expect(permissions.allowsRepo({ collection, action })).toBe(true);
  });

  it.each([
    ["app.bsky.feed.post", "delete"],
    ["app.bsky.feed.post", "update"],
    ["app.bsky.graph.follow", "create"],
    ["app.bsky.actor.profile", "update"],
    ["net.atrarium.community.config", "delete"],
    // Memberships and moderation actions are the Worker's to write, with the grant the user gives it.
    ["net.atrarium.community.membership", "create"],
    ["net.atrarium.community.membership", "update"],
    ["net.atrarium.moderation.action", "create"],
  ] as const)("refuses %s %s", (collection, action) => {
    expect(permissions.allowsRepo({ collection, action })).toBe(false);
  });

  it("allows a service JWT for every Atrarium method but the Worker's writes, and for nothing else", () => {
    const lxms = Object.keys(ATRARIUM_API_ROUTES) as (keyof typeof ATRARIUM_API_ROUTES)[];
    expect(WORKER_WRITE_NSIDS.size).toBe(13);
    for (const lxm of lxms)
      expect(permissions.allowsRpc({ aud: worker, lxm }), lxm).toBe(!WORKER_WRITE_NSIDS.has(lxm));
    expect(permissions.allowsRpc({ aud: worker, lxm: "app.bsky.feed.getTimeline" })).toBe(false);
    expect(permissions.allowsRpc({ aud: worker, lxm: "com.atproto.server.createAccount" })).toBe(false);
  });

  it("asks for no account or identity rights", () => {
    expect(permissions.allowsAccount({ attr: "email", action: "read" })).toBe(false);
    expect(permissions.allowsIdentity({ attr: "handle" })).toBe(false);
  });

  // Custom emoji images only (uploaded with the user's session, then proposed through the Worker).
  it.each([
    ["image/png", true],
    ["image/webp", true],
    ["image/gif", true],
    ["image/svg+xml", false],
    ["image/jpeg", false],
    ["video/mp4", false],
    ["application/octet-stream", false],
  ])("allows uploading a %s blob: %s", (mime, allowed) => {
    expect(permissions.allowsBlob({ mime })).toBe(allowed);
  });
});

describe("client-metadata.json for a deployment", () => {
  it("is a valid client document naming itself, the callback and the scope", () => {
    const doc = oauthClientMetadataSchema.parse(dashboardClientMetadata("https://atrarium.example.com/"));
    expect(doc.client_id).toBe(`https://atrarium.example.com${CLIENT_METADATA_PATH}`);
    expect(doc.redirect_uris).toEqual([`https://atrarium.example.com${OAUTH_CALLBACK_PATH}`]);
    expect(doc.scope).toBe(DASHBOARD_OAUTH_SCOPE);
    expect(doc).toMatchObject({
      application_type: "web",
      token_endpoint_auth_method: "none",
      dpop_bound_access_tokens: true,
      grant_types: ["authorization_code", "refresh_token"],
    });
  });

  it("refuses a plain-http origin", () => {
    expect(() => dashboardClientMetadata("http://atrarium.example.com")).toThrow(/https/);
  });
});
