// The XRPC method side of the package: query strings decoded by lexicon types, params/input/output
// validated by the lexicons (defaults applied) plus the community id rule, and the REST alias table.
import { describe, expect, it } from "vitest";
import {
  ATRARIUM_API_ROUTES,
  ATRARIUM_METHOD_NSIDS,
  ATRARIUM_METHOD_TYPES,
  apiRequest,
  atrariumLexicons,
  COMMUNITY_CREATE_NSID,
  COMMUNITY_GET_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_LIST_MEMBERS_NSID,
  COMMUNITY_LIST_NSID,
  decodeXrpcParams,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_LIST_ACTIONS_NSID,
  restPathParams,
  restVerbOf,
  SYNC_INDEX_RECORD_NSID,
  validateXrpcInput,
  validateXrpcOutput,
  validateXrpcParams,
} from "../src/index.ts";

const query = (qs: string) => new URLSearchParams(qs);

describe("decodeXrpcParams", () => {
  it("types values as the lexicon declares and drops names it does not know", () => {
    expect(decodeXrpcParams(COMMUNITY_LIST_MEMBERS_NSID, query("community=0a1b2c3d&limit=20&x=1"))).toEqual({
      community: "0a1b2c3d",
      limit: 20,
    });
  });

  it("keeps a value that is not of the declared type, so validation names it", () => {
    expect(decodeXrpcParams(COMMUNITY_LIST_NSID, query("limit=ten&cursor="))).toEqual({
      limit: "ten",
      cursor: undefined,
    });
    expect(decodeXrpcParams(COMMUNITY_LIST_NSID, query("limit=1.5"))).toEqual({ limit: "1.5" });
  });
});

describe("validateXrpcParams", () => {
  const params = (nsid: Parameters<typeof decodeXrpcParams>[0], qs: string) =>
    validateXrpcParams(nsid, decodeXrpcParams(nsid, query(qs)));

  it("applies the lexicon's defaults", () => {
    expect(params(COMMUNITY_LIST_MEMBERS_NSID, "community=0a1b2c3d")).toEqual({
      ok: true,
      value: { community: "0a1b2c3d", limit: 50 },
    });
  });

  it("reports the first problem by field", () => {
    expect(params(COMMUNITY_LIST_NSID, "limit=0")).toEqual({
      ok: false,
      errors: [{ field: "limit", message: "can not be less than 1" }],
    });
    expect(params(COMMUNITY_LIST_NSID, "limit=101").ok).toBe(false);
    expect(params(COMMUNITY_LIST_NSID, "limit=ten")).toEqual({
      ok: false,
      errors: [{ field: "limit", message: "must be an integer" }],
    });
    expect(params(COMMUNITY_GET_NSID, "")).toEqual({
      ok: false,
      errors: [{ field: "community", message: "is required" }],
    });
  });

  it("requires a community id of 8 lowercase hex digits", () => {
    for (const id of ["NOTHEX00", "0a1b2c3", "0A1B2C3D"])
      expect(params(COMMUNITY_GET_NSID, `community=${id}`)).toEqual({
        ok: false,
        errors: [{ field: "community", message: "must be 8 lowercase hex digits" }],
      });
  });
});

describe("validateXrpcInput and validateXrpcOutput", () => {
  it("checks a procedure's input, formats included", () => {
    const uri = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3k2akeqpqr22b";
    expect(validateXrpcInput(SYNC_INDEX_RECORD_NSID, { uri, community: "0a1b2c3d" })).toEqual({
      ok: true,
      value: { uri, community: "0a1b2c3d" },
    });
    expect(validateXrpcInput(SYNC_INDEX_RECORD_NSID, { uri: "not-a-uri" }).ok).toBe(false);
    expect(validateXrpcInput(SYNC_INDEX_RECORD_NSID, { uri, community: "zz" })).toEqual({
      ok: false,
      errors: [{ field: "community", message: "must be 8 lowercase hex digits" }],
    });
  });

  it("checks an answer against the method's output schema", () => {
    expect(validateXrpcOutput(COMMUNITY_LIST_NSID, { communities: [], stale: false }).ok).toBe(true);
    expect(validateXrpcOutput(COMMUNITY_LIST_NSID, { communities: [] })).toEqual({
      ok: false,
      errors: [{ field: "stale", message: "is required" }],
    });
  });
});

describe("the method table", () => {
  it("has a REST alias for every method, and every alias segment names a field of the method", () => {
    expect(Object.keys(ATRARIUM_API_ROUTES).sort()).toEqual([...ATRARIUM_METHOD_NSIDS].sort());
    for (const nsid of ATRARIUM_METHOD_NSIDS) {
      const def = atrariumLexicons().getDefOrThrow(nsid) as {
        parameters?: { properties?: object };
        input?: { schema?: { properties?: object } };
      };
      const fields =
        ATRARIUM_METHOD_TYPES[nsid] === "query" ? def.parameters?.properties : def.input?.schema?.properties;
      for (const name of restPathParams(nsid)) expect(Object.keys(fields ?? {}), nsid).toContain(name);
    }
  });

  it("builds REST alias requests, and falls back to the XRPC path when the path lacks a value", () => {
    expect(apiRequest(COMMUNITY_LIST_NSID, { limit: 50, cursor: undefined })).toEqual({
      method: "GET",
      path: "/api/communities?limit=50",
    });
    expect(apiRequest(COMMUNITY_LIST_MEMBERS_NSID, { community: "0a1b2c3d", cursor: "a b&c" })).toEqual({
      method: "GET",
      path: "/api/communities/0a1b2c3d/members?cursor=a+b%26c",
    });
    expect(apiRequest(MODERATION_LIST_ACTIONS_NSID, { community: "0a1b2c3d" })).toEqual({
      method: "GET",
      path: "/api/moderation/actions?community=0a1b2c3d",
    });
    const uri = "at://did:plc:x/app.bsky.feed.post/3k";
    expect(apiRequest(SYNC_INDEX_RECORD_NSID, {}, { uri, community: "0a1b2c3d" })).toEqual({
      method: "POST",
      path: "/api/communities/0a1b2c3d/sync",
      body: { uri },
    });
    expect(apiRequest(SYNC_INDEX_RECORD_NSID, {}, { uri })).toEqual({
      method: "POST",
      path: `/xrpc/${SYNC_INDEX_RECORD_NSID}`,
      body: { uri },
    });
  });

  it("builds the write routes' requests, a DELETE alias with its input in the path and no body", () => {
    expect(apiRequest(COMMUNITY_CREATE_NSID, {}, { name: "Tea" })).toEqual({
      method: "POST",
      path: "/api/communities",
      body: { name: "Tea" },
    });
    expect(apiRequest(COMMUNITY_JOIN_NSID, {}, { community: "0a1b2c3d" })).toEqual({
      method: "POST",
      path: "/api/memberships",
      body: { community: "0a1b2c3d" },
    });
    expect(restVerbOf(COMMUNITY_LEAVE_NSID)).toBe("DELETE");
    expect(apiRequest(COMMUNITY_LEAVE_NSID, {}, { community: "0a1b2c3d" })).toEqual({
      method: "DELETE",
      path: "/api/memberships/0a1b2c3d",
    });
    const uri = "at://did:plc:x/app.bsky.feed.post/3k";
    expect(apiRequest(MODERATION_HIDE_POST_NSID, {}, { community: "0a1b2c3d", uri })).toEqual({
      method: "POST",
      path: "/api/moderation/hide",
      body: { community: "0a1b2c3d", uri },
    });
    expect(restVerbOf(MODERATION_BLOCK_USER_NSID)).toBe("POST");
  });

  it("falls back to POST /xrpc/<nsid> for a DELETE alias whose path cannot carry the input", () => {
    const odd = { community: "0a1b2c3d", extra: true } as unknown as { community: string };
    expect(apiRequest(COMMUNITY_LEAVE_NSID, {}, odd)).toEqual({
      method: "POST",
      path: `/xrpc/${COMMUNITY_LEAVE_NSID}`,
      body: { community: "0a1b2c3d", extra: true },
    });
    expect(apiRequest(COMMUNITY_LEAVE_NSID, {}, { community: "" })).toEqual({
      method: "POST",
      path: `/xrpc/${COMMUNITY_LEAVE_NSID}`,
      body: { community: "" },
    });
  });

  it("checks the write routes' inputs by their lexicons and the rules layer", () => {
    // An at-uri where an id is expected (naming another repo's config) is refused.
    expect(validateXrpcInput(COMMUNITY_JOIN_NSID, { community: "at://did:plc:bob/x/y" })).toEqual({
      ok: false,
      errors: [{ field: "community", message: "must not be longer than 8 characters" }],
    });
    expect(validateXrpcInput(COMMUNITY_JOIN_NSID, { community: "at://bob" })).toEqual({
      ok: false,
      errors: [{ field: "community", message: "must be 8 lowercase hex digits" }],
    });
    expect(validateXrpcInput(COMMUNITY_CREATE_NSID, { name: "" }).ok).toBe(false);
    expect(validateXrpcInput(MODERATION_BLOCK_USER_NSID, { community: "0a1b2c3d", did: "bob" }).ok).toBe(
      false,
    );
  });
});
