// The syntax vectors through the PDS's own API, one request per line: each string goes where the PDS
// must check that syntax (a record key to putRecord, a collection NSID to createRecord, a handle to
// resolveHandle and createAccount, a DID to getRepoStatus, a TID as the key of a post, ...) and must be
// accepted or refused as the vector file says.
import { randomBytes } from "node:crypto";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { lineTitle, listVectorFiles, nonEmpty, readVectorLines } from "./vectors.ts";

const { pdsUrl } = inject("devnet");
let acct: TestAccount;

type Outcome = "accepted" | "refused";
interface Reply {
  status: number;
  error?: string;
  message?: string;
}

async function call(
  nsid: string,
  opts: { query?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const url = new URL(`/xrpc/${nsid}`, pdsUrl);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method: opts.body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${acct.agent.session?.accessJwt}`,
      ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const body = (await res.json()) as { error?: string; message?: string };
  return { status: res.status, error: body.error, message: body.message };
}

// 200 (or the given "well-formed but not here" answer) is acceptance; only `refusal` counts as refusing
// the syntax. Anything else is neither, and fails the test with the full reply.
function judge(reply: Reply, refusal: string | string[], notFound?: (r: Reply) => boolean): Outcome {
  if (reply.status === 200 || notFound?.(reply)) return "accepted";
  if (reply.status === 400 && [refusal].flat().includes(reply.error ?? "")) return "refused";
  throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
}

const SOME_CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
const now = () => new Date().toISOString();
const record = (collection: string, value: Record<string, unknown>, validate: boolean, rkey?: string) =>
  call(rkey ? "com.atproto.repo.putRecord" : "com.atproto.repo.createRecord", {
    body: { repo: acct.did, collection, rkey, validate, record: { $type: collection, ...value } },
  });

interface Surface {
  where: string;
  probe: (value: string) => Promise<Outcome>;
  // Lines the PDS answers differently from the vector, pinned (why: README).
  divergences?: ReadonlySet<string>;
}

const surfaces: Record<string, Surface> = {
  recordkey: {
    where: "putRecord rkey",
    probe: async (v) => judge(await record("net.atrarium.test.rkey", { v }, false, v), "InvalidRequest"),
  },
  tid: {
    where: "putRecord rkey of an app.bsky.feed.post (key: tid)",
    // Not a record key at all (InvalidRequest), or a record key that is not a TID (InvalidRecord).
    probe: async (v) =>
      judge(await record("app.bsky.feed.post", { text: "t", createdAt: now() }, true, v), [
        "InvalidRequest",
        "InvalidRecord",
      ]),
  },
  nsid: {
    where: "createRecord collection",
    probe: async (v) => judge(await record(v, {}, false), "InvalidRequest"),
  },
  handle: {
    where: "resolveHandle handle",
    probe: async (v) =>
      judge(
        await call("com.atproto.identity.resolveHandle", { query: { handle: v } }),
        "InvalidRequest",
        (r) => r.error === "HandleNotFound",
      ),
  },
  did: {
    where: "getRepoStatus did",
    probe: async (v) =>
      judge(
        await call("com.atproto.sync.getRepoStatus", { query: { did: v } }),
        "InvalidRequest",
        (r) => r.error === "RepoNotFound",
      ),
  },
  atidentifier: {
    where: "describeRepo repo",
    // Both answers are InvalidRequest; the parameter check names the parameter, the lookup does not.
    probe: async (v) =>
      judge(
        await call("com.atproto.repo.describeRepo", { query: { repo: v } }),
        "InvalidRequest",
        (r) => r.status === 400 && !/repo must be/.test(r.message ?? ""),
      ),
  },
  aturi: {
    where: "app.bsky.feed.like subject.uri",
    probe: async (v) =>
      judge(
        await record("app.bsky.feed.like", { subject: { uri: v, cid: SOME_CID }, createdAt: now() }, true),
        "InvalidRecord",
      ),
  },
  cid: {
    where: "app.bsky.feed.like subject.cid",
    probe: async (v) =>
      judge(
        await record(
          "app.bsky.feed.like",
          { subject: { uri: `at://${acct.did}/app.bsky.feed.post/3kzzzzzzzzz22`, cid: v }, createdAt: now() },
          true,
        ),
        "InvalidRecord",
      ),
    // The lexicon `cid` format is multiformats CID.parse: the same divergences as parseCid (README).
    divergences: new Set([
      "mBcDxtdWx0aWhhc2g+",
      "z7x3CtScH765HvShXT",
      "7134036155352661643226414134664076",
      "f017012202c5f688262e0ece8569aa6f94d60aad55ca8d9d83734e4a7430d0cff6588ec2b",
      "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR",
    ]),
  },
  datetime: {
    where: "app.bsky.feed.post createdAt",
    probe: async (v) =>
      judge(await record("app.bsky.feed.post", { text: "t", createdAt: v }, true), "InvalidRecord"),
    // The lexicon `datetime` format is isDatetimeStringLenient (README).
    divergences: new Set([
      "1985-04-12T23:20:50.123",
      "1985-04-12T23:20:50",
      "1985-04-12T23:20:5Z",
      "1985-04-12T23:20:50.123+0000",
      "0000-01-01T00:00:00+01:00",
    ]),
  },
  language: {
    where: "app.bsky.feed.post langs",
    probe: async (v) =>
      judge(
        await record("app.bsky.feed.post", { text: "t", langs: [v], createdAt: now() }, true),
        "InvalidRecord",
      ),
    // The lexicon `language` format is isValidLanguage, a grammar check only (README).
    divergences: new Set([
      "jaja",
      "JA",
      "de-DE-1901-1901",
      "en-rozaj-ROZAJ",
      "en-a-foo-a-bar",
      "en-u-co-phonebk-U-ca-buddhist",
    ]),
  },
  uri: {
    where: "app.bsky.actor.profile website",
    probe: async (v) =>
      judge(await record("app.bsky.actor.profile", { website: v }, true, "self"), "InvalidRecord"),
    // The lexicon `uri` format is isValidUri (README).
    divergences: new Set([
      "content-type:text/plan",
      "microsoft.windows.camera:thing",
      `https://example.com/${"x".repeat(8200)}`,
    ]),
  },
};

// Syntax families with no API surface on a PDS (none today).
const notApplied = new Set<string>();

const files = nonEmpty(listVectorFiles("syntax"), "syntax/");
const familyOf = (file: string) => /^([a-z]+)_(?:syntax|parse)_(valid|invalid)\.txt$/.exec(file);

beforeAll(async () => {
  acct = await createTestAccount(pdsUrl);
});

describe("interop syntax vectors through the PDS API", () => {
  it("every syntax/ family is probed through the API or listed as not applicable", () => {
    const families = new Set(files.map((f) => familyOf(f)?.[1] ?? f));
    expect([...families].filter((f) => !surfaces[f] && !notApplied.has(f))).toEqual([]);
  });

  it("every pinned divergence names a line of its family's files", () => {
    const stale = Object.entries(surfaces).flatMap(([family, surface]) => {
      const lines = new Set(
        files
          .filter((f) => familyOf(f)?.[1] === family)
          .flatMap((f) => readVectorLines(`syntax/${f}`).map((l) => l.text)),
      );
      return [...(surface.divergences ?? [])]
        .filter((d) => !lines.has(d))
        .map((d) => `${family}: ${d.slice(0, 60)}`);
    });
    expect(stale).toEqual([]);
  });

  for (const file of files) {
    const match = familyOf(file);
    const surface = match ? surfaces[match[1]] : undefined;
    if (!match || !surface) continue;
    const valid = match[2] === "valid";
    describe(`${file} via ${surface.where}`, () => {
      for (const vector of nonEmpty(readVectorLines(`syntax/${file}`), file)) {
        const diverges = surface.divergences?.has(vector.text) ?? false;
        const expected: Outcome = valid !== diverges ? "accepted" : "refused";
        it(`${lineTitle(vector)}${diverges ? " [known library divergence, see README]" : ""}`, async () => {
          expect(await surface.probe(vector.text)).toBe(expected);
        });
      }
    });
  }

  it("createAccount refuses every invalid handle line", async () => {
    const lines = readVectorLines("syntax/handle_syntax_invalid.txt");
    for (const { text } of lines) {
      const res = await fetch(`${pdsUrl}/xrpc/com.atproto.server.createAccount`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ handle: text, password: randomBytes(8).toString("hex") }),
      });
      const body = (await res.json()) as { error?: string };
      expect({
        handle: text,
        status: res.status,
        refused: ["InvalidRequest", "InvalidHandle"].includes(body.error ?? ""),
      }).toEqual({
        handle: text,
        status: 400,
        refused: true,
      });
    }
  });
});
