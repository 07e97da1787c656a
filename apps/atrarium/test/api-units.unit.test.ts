// Pure parts of the API: JWT claim checks, DID documents, record proofs (built with @atproto/repo),
// rate windows, TIDs, sync bookkeeping, staleness and CORS.
import { Secp256k1Keypair } from "@atproto/crypto";
import { getRecords, MemoryBlockstore, Repo, WriteOpAction } from "@atproto/repo";
import { describe, expect, it } from "vitest";
import { allowedOrigin } from "../src/api/cors.ts";
import { receiverIsBehind } from "../src/api/receiver-lag.ts";
import { checkClaims, parseJwt } from "../src/auth/service-jwt.ts";
import { decide, rateLimitHeaders } from "../src/guard/rate-window.ts";
import { documentUrl, identityFromDocument } from "../src/identity/did-resolver.ts";
import { readSettings } from "../src/settings.ts";
import { openRecordProof, ProofError } from "../src/sync/record-proof.ts";
import { backoffMs, initialSyncState, isStale, refreshDue } from "../src/sync/sync-state.ts";
import { tidTimeMs } from "../src/sync/tid.ts";
import { signServiceJwt } from "./support/own-identity.ts";

const IDENTITY = {
  SERVICE_DID: "did:web:atrarium.example",
  PUBLIC_URL: "https://atrarium.example",
  JETSTREAM_URL: "wss://jetstream.example",
};

const SERVICE = "did:web:api.example";
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

describe("service JWT claims", () => {
  const check = async (claims: Record<string, unknown>, now = Math.floor(Date.now() / 1000)) => {
    const key = await Secp256k1Keypair.create();
    const jwt = parseJwt(await signServiceJwt(key, { iss: DID, aud: SERVICE, lxm: "a.b.c", ...claims }));
    try {
      checkClaims(jwt, { serviceDid: SERVICE, lxm: "a.b.c", now });
      return "ok";
    } catch (err) {
      return (err as { error: string }).error;
    }
  };

  it("accepts aud with or without our service fragments, nothing else", async () => {
    expect(await check({})).toBe("ok");
    expect(await check({ aud: `${SERVICE}#atrarium_api` })).toBe("ok");
    expect(await check({ aud: `${SERVICE}#bsky_fg` })).toBe("ok");
    expect(await check({ aud: `${SERVICE}#other` })).toBe("BadJwtAudience");
    expect(await check({ aud: "did:web:evil.example" })).toBe("BadJwtAudience");
  });

  it("checks lxm, exp, iat, lifetime and iss", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await check({ lxm: "x.y.z" })).toBe("BadJwtLexiconMethod");
    expect(await check({ lxm: undefined })).toBe("BadJwtLexiconMethod");
    expect(await check({ exp: now })).toBe("JwtExpired");
    expect(await check({ iat: now + 31, exp: now + 60 })).toBe("BadJwtIat");
    expect(await check({ iat: now + 20, exp: now + 60 })).toBe("ok");
    expect(await check({ exp: now + 2 * 3600 })).toBe("BadJwtLifetime");
    expect(await check({ iss: `${DID}#atproto_labeler` })).toBe("BadJwtIss");
  });

  it("rejects malformed tokens, other algorithms and access-token types", () => {
    const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const payload = seg({ iss: DID, aud: SERVICE, exp: 2e9, iat: 1e9 });
    const error = (token: string) => {
      try {
        parseJwt(token);
        return "ok";
      } catch (err) {
        return (err as { error: string }).error;
      }
    };
    expect(error("a.b")).toBe("BadJwt");
    expect(error(`${seg({ alg: "HS256" })}.${payload}.sig`)).toBe("BadJwt");
    expect(error(`${seg({ alg: "ES256K", typ: "at+jwt" })}.${payload}.sig`)).toBe("BadJwtType");
    expect(error(`${seg({ alg: "ES256K" })}.${seg({ iss: DID })}.sig`)).toBe("BadJwt");
    expect(error(`${seg({ alg: "ES256K" })}.${payload}.abc`)).toBe("ok");
  });
});

describe("DID documents", () => {
  const doc = (over: Record<string, unknown> = {}) => ({
    id: DID,
    verificationMethod: [
      {
        id: `${DID}#atproto`,
        type: "Multikey",
        controller: DID,
        publicKeyMultibase: "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF",
      },
    ],
    service: [
      { id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: "https://pds.example/" },
    ],
    ...over,
  });

  it("finds the #atproto key and the PDS, relative or absolute ids", () => {
    expect(identityFromDocument(DID, doc())).toEqual({
      did: DID,
      signingKey: "did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF",
      pds: "https://pds.example",
      handle: null,
      document: doc(),
    });
  });

  it("reads the claimed handle from the first at:// alsoKnownAs", () => {
    const claimed = doc({
      alsoKnownAs: ["https://elsewhere.example", "at://Alice.Example.com", "at://b.example"],
    });
    expect(identityFromDocument(DID, claimed).handle).toBe("alice.example.com");
  });

  it("refuses a document for another DID or without a usable key", () => {
    expect(() => identityFromDocument(DID, doc({ id: "did:plc:other" }))).toThrow(/does not describe/);
    expect(() => identityFromDocument(DID, doc({ verificationMethod: [] }))).toThrow(/no #atproto/);
  });

  it("maps DIDs to document URLs, http only for loopback", () => {
    expect(documentUrl(DID, "https://plc.directory")).toBe(`https://plc.directory/${DID}`);
    expect(documentUrl("did:web:example.com", "")).toBe("https://example.com/.well-known/did.json");
    expect(documentUrl("did:web:localhost%3A8787", "")).toBe("http://localhost:8787/.well-known/did.json");
    expect(() => documentUrl("did:web:example.com:user", "")).toThrow();
    expect(() => documentUrl("did:key:zQ3sh", "")).toThrow();
  });
});

describe("record proofs", () => {
  const car = async (write: boolean, key: Secp256k1Keypair) => {
    const storage = new MemoryBlockstore();
    const records = Array.from({ length: 40 }, (_, i) => ({
      action: WriteOpAction.Create,
      collection: "app.bsky.feed.post",
      rkey: `3k${String(i).padStart(2, "0")}aaaaaaaa2`,
      record: { $type: "app.bsky.feed.post", text: `n${i}`, createdAt: "2026-01-01T00:00:00Z" },
    }));
    const repo = await Repo.create(storage, DID, key, (write ? records : records.slice(1)) as never);
    const chunks: Uint8Array[] = [];
    const path = { collection: "app.bsky.feed.post", rkey: "3k00aaaaaaaa2" };
    for await (const c of getRecords(storage, repo.cid, [path])) chunks.push(c);
    return { bytes: Buffer.concat(chunks), rev: repo.commit.rev };
  };

  it("proves presence and absence against the signing key", async () => {
    const key = await Secp256k1Keypair.create();
    const present = await car(true, key);
    const proof = await openRecordProof(present.bytes, DID, "app.bsky.feed.post/3k00aaaaaaaa2");
    const proven = await proof.verify(key.did());
    expect(proven).toMatchObject({ did: DID, rev: present.rev, record: { value: { text: "n0" } } });
    expect(await proof.verify((await Secp256k1Keypair.create()).did())).toBeNull();
    const absent = await car(false, key);
    const gone = await (await openRecordProof(absent.bytes, DID, "app.bsky.feed.post/3k00aaaaaaaa2")).verify(
      key.did(),
    );
    expect(gone).toEqual({ did: DID, rev: absent.rev });
  });

  it("rejects a proof for another repo, a tampered block and a truncated CAR", async () => {
    const key = await Secp256k1Keypair.create();
    const { bytes } = await car(true, key);
    await expect(openRecordProof(bytes, "did:plc:other", "app.bsky.feed.post/3k00aaaaaaaa2")).rejects.toThrow(
      ProofError,
    );
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 3] ^= 1;
    await expect(openRecordProof(tampered, DID, "app.bsky.feed.post/3k00aaaaaaaa2")).rejects.toThrow(
      ProofError,
    );
    await expect(openRecordProof(bytes.subarray(0, bytes.length - 10), DID, "x/y")).rejects.toThrow(
      ProofError,
    );
  });
});

describe("rate windows", () => {
  it("admits `limit` per window, then refuses until it ends", () => {
    const rule = { limit: 2, windowMs: 1000 };
    const a = decide(null, rule, 0);
    const b = decide(a.next, rule, 100);
    const c = decide(b.next, rule, 200);
    expect([a.allowed, b.allowed, c.allowed]).toEqual([true, true, false]);
    expect(c).toMatchObject({ remaining: 0, resetMs: 800 });
    expect(rateLimitHeaders(c)).toEqual({
      "RateLimit-Limit": "2",
      "RateLimit-Remaining": "0",
      "RateLimit-Reset": "1",
      "Retry-After": "1",
    });
    expect(decide(c.next, rule, 1000)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe("small helpers", () => {
  it("reads TID timestamps", () => {
    const t = tidTimeMs("3jzfcijpj2z2a");
    expect(t).toBeGreaterThan(Date.parse("2022-01-01"));
    expect(t).toBeLessThan(Date.parse("2024-01-01"));
    expect(tidTimeMs("self")).toBeNull();
  });

  it("keeps sync bookkeeping", () => {
    const s = initialSyncState();
    expect(isStale(s)).toBe(false);
    expect(refreshDue(s, 1_000_000, 300_000)).toBe(true);
    s.refresh.failing = true;
    expect(isStale(s)).toBe(true);
    expect(refreshDue(s, 1_000_000, 300_000)).toBe(false);
    s.refresh.failing = false;
    s.rebuild.state = "incomplete";
    expect(isStale(s)).toBe(true);
    expect([1, 2, 3, 10].map((a) => backoffMs(a, 5))).toEqual([1000, 2000, 4000, 5000]);
  });

  it("calls the receiver behind only when disconnected or still receiving old events", () => {
    const fine = { disconnectedForMs: 0, lastEventLagMs: 500, lastEventAgeMs: 1000 };
    expect(receiverIsBehind(fine, 60)).toBe(false);
    expect(receiverIsBehind({ ...fine, lastEventAgeMs: null }, 60)).toBe(false);
    expect(receiverIsBehind({ ...fine, disconnectedForMs: 61_000 }, 60)).toBe(true);
    // Old events still arriving: catching up. Then quiet for longer than the limit: caught up.
    expect(receiverIsBehind({ ...fine, lastEventLagMs: 61_000 }, 60)).toBe(true);
    expect(receiverIsBehind({ ...fine, lastEventLagMs: 61_000, lastEventAgeMs: 61_000 }, 60)).toBe(false);
  });

  it("allows configured CORS origins", () => {
    const origins = (vars: Record<string, string>) => readSettings({ ...IDENTITY, ...vars }).allowedOrigins;
    expect(allowedOrigin("https://a.example", origins({}))).toBe("*");
    const listed = origins({ ALLOWED_ORIGINS: "https://a.example, https://b.example" });
    expect(allowedOrigin("https://b.example", listed)).toBe("https://b.example");
    expect(allowedOrigin("https://c.example", listed)).toBeNull();
  });
});
