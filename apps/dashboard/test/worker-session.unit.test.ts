// The Worker session's browser side: what the Worker's sign-in puts in the return URL's fragment is read,
// taken off the address (the token must not stay in the address bar or history), and the token kept per
// DID; refused tokens are forgotten; the login URL names the user and the page to come back to.
import { describe, expect, it } from "vitest";
import {
  forgetWorkerToken,
  type KeyValueStore,
  parseWorkerReturn,
  storeWorkerToken,
  takeWorkerReturn,
  WORKER_SESSIONS_KEY,
  workerLoginUrl,
  workerTokenFor,
} from "../src/lib/worker-session.ts";

// localStorage's interface over a Map (Node has no localStorage).
class MemoryStorage implements KeyValueStore {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

// What the page's address and history look like, and every replaceState made on them.
function page(href: string, state: unknown = { key: "k1", __TSR_index: 0 }) {
  const url = new URL(href);
  const replaced: { state: unknown; url: string }[] = [];
  const history = {
    state,
    replaceState(data: unknown, _unused: string, to?: string | null) {
      replaced.push({ state: data, url: String(to) });
    },
  };
  return { location: url, history, replaced };
}

const ALICE = "did:plc:alice7x3qkzv2ypd4oa5lwmfi";
const BOB = "did:plc:bobbb7x3qkzv2ypd4oa5lwmf";
const TOKEN = "atrs_ZGlkOnBsYzphbGljZQ.c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA";

describe("parseWorkerReturn", () => {
  it("reads a session and keeps other fragment parameters", () => {
    const parsed = parseWorkerReturn(`#tab=x&atrarium_session=${TOKEN}&did=${encodeURIComponent(ALICE)}`);
    expect(parsed).toEqual({ found: { kind: "session", did: ALICE, token: TOKEN }, rest: "#tab=x" });
  });

  it("reads an error with its description", () => {
    const parsed = parseWorkerReturn(
      "#atrarium_error=access_denied&atrarium_error_description=Access+denied",
    );
    expect(parsed).toEqual({
      found: { kind: "error", code: "access_denied", description: "Access denied" },
      rest: "",
    });
  });

  it("ignores fragments the Worker did not write", () => {
    expect(parseWorkerReturn("")).toBeNull();
    expect(parseWorkerReturn("#section-2")).toBeNull();
    expect(parseWorkerReturn(`#did=${ALICE}`)).toBeNull();
  });

  it("turns a malformed session into an error, never a stored token", () => {
    for (const hash of [
      `#atrarium_session=${TOKEN}`,
      `#atrarium_session=not-a-token&did=${ALICE}`,
      `#atrarium_session=${TOKEN}&did=alice.test`,
    ])
      expect(parseWorkerReturn(hash)?.found, hash).toMatchObject({ kind: "error", code: "invalid_response" });
  });
});

describe("takeWorkerReturn", () => {
  it("stores the token for its DID and takes the fragment off the address, keeping the history state", () => {
    const storage = new MemoryStorage();
    const p = page(
      `http://127.0.0.1:5173/communities/abcd1234?tab=members#atrarium_session=${TOKEN}&did=${ALICE}`,
    );
    const taken = takeWorkerReturn(p.location, p.history, storage);
    expect(taken).toEqual({ kind: "session", did: ALICE, token: TOKEN });
    expect(p.replaced).toEqual([
      { state: { key: "k1", __TSR_index: 0 }, url: "/communities/abcd1234?tab=members" },
    ]);
    expect(workerTokenFor(storage, ALICE)).toBe(TOKEN);
    expect(storage.getItem(WORKER_SESSIONS_KEY)).not.toContain("#");
  });

  it("takes an error off the address without storing anything", () => {
    const storage = new MemoryStorage();
    const p = page("http://127.0.0.1:5173/communities/new#atrarium_error=access_denied");
    expect(takeWorkerReturn(p.location, p.history, storage)).toMatchObject({ kind: "error" });
    expect(p.replaced.map((r) => r.url)).toEqual(["/communities/new"]);
    expect(storage.length).toBe(0);
  });

  it("leaves an address without the Worker's answer alone", () => {
    const storage = new MemoryStorage();
    const p = page("http://127.0.0.1:5173/communities/new#top");
    expect(takeWorkerReturn(p.location, p.history, storage)).toBeNull();
    expect(p.replaced).toEqual([]);
  });
});

describe("tokens per DID", () => {
  it("gives each user only their own token", () => {
    const storage = new MemoryStorage();
    storeWorkerToken(storage, ALICE, TOKEN);
    expect(workerTokenFor(storage, ALICE)).toBe(TOKEN);
    expect(workerTokenFor(storage, BOB)).toBeNull();
    storeWorkerToken(storage, BOB, `${TOKEN}b`);
    expect(workerTokenFor(storage, ALICE)).toBe(TOKEN);
    expect(workerTokenFor(storage, BOB)).toBe(`${TOKEN}b`);
  });

  it("forgets a refused token, but not a fresher one another tab stored since", () => {
    const storage = new MemoryStorage();
    storeWorkerToken(storage, ALICE, "atrs_fresh");
    forgetWorkerToken(storage, ALICE, TOKEN);
    expect(workerTokenFor(storage, ALICE)).toBe("atrs_fresh");
    forgetWorkerToken(storage, ALICE, "atrs_fresh");
    expect(workerTokenFor(storage, ALICE)).toBeNull();
    expect(storage.getItem(WORKER_SESSIONS_KEY)).toBeNull();
  });

  it("forgets one user's token at sign-out and keeps the others'", () => {
    const storage = new MemoryStorage();
    storeWorkerToken(storage, ALICE, TOKEN);
    storeWorkerToken(storage, BOB, `${TOKEN}b`);
    forgetWorkerToken(storage, ALICE);
    expect(workerTokenFor(storage, ALICE)).toBeNull();
    expect(workerTokenFor(storage, BOB)).toBe(`${TOKEN}b`);
  });

  it("survives a damaged store", () => {
    const storage = new MemoryStorage();
    for (const junk of ["{", "[]", "null", JSON.stringify({ [ALICE]: 42, [BOB]: "not-a-token" })]) {
      storage.setItem(WORKER_SESSIONS_KEY, junk);
      expect(workerTokenFor(storage, ALICE)).toBeNull();
      expect(workerTokenFor(storage, BOB)).toBeNull();
      storeWorkerToken(storage, ALICE, TOKEN);
      expect(workerTokenFor(storage, ALICE)).toBe(TOKEN);
    }
  });
});

describe("workerLoginUrl", () => {
  it("names the user by DID and returns to the page without its fragment", () => {
    const url = new URL(
      workerLoginUrl("http://127.0.0.1:8787", ALICE, "http://127.0.0.1:5173/communities/ab12cd34?tab=feed#x"),
    );
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:8787/oauth/login");
    expect(url.searchParams.get("identifier")).toBe(ALICE);
    expect(url.searchParams.get("return_to")).toBe("http://127.0.0.1:5173/communities/ab12cd34?tab=feed");
  });

  it("keeps a Worker's path prefix", () => {
    const url = new URL(workerLoginUrl("https://example.com/atrarium", ALICE, "https://app.example.com/"));
    expect(url.pathname).toBe("/atrarium/oauth/login");
  });
});
