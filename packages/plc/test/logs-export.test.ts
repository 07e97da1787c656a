// The read side of the log: /log, /log/last, /log/audit and the paged /export feed.
import { updateHandleOp } from "@did-plc/lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cidForOp, type ExportedOp } from "../src/index.ts";
import {
  expectStatus,
  getJson,
  newIdentity,
  postOp,
  startTestPlc,
  type TestIdentity,
  type TestPlc,
} from "./helpers.ts";

let plc: TestPlc;
const ids: TestIdentity[] = [];
const posted: { did: string; cid: string }[] = [];

beforeAll(async () => {
  plc = await startTestPlc();
  // Three DIDs, two ops each, interleaved, so export order is acceptance order across DIDs.
  for (let i = 0; i < 3; i++) ids.push(await newIdentity(`user${i}.test`));
  for (const id of ids) {
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    posted.push({ did: id.did, cid: await cidForOp(id.genesis) });
  }
  for (const id of ids) {
    const op = await updateHandleOp(id.genesis, id.rotation[1], `renamed-${id.did.slice(-4)}.test`);
    await expectStatus(await postOp(plc.url, id.did, op), 200);
    posted.push({ did: id.did, cid: await cidForOp(op) });
  }
});
afterAll(() => plc.cleanup());

async function exportPage(query: string): Promise<ExportedOp[]> {
  const res = await fetch(`${plc.url}/export${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/jsonlines");
  const text = await res.text();
  return text === "" ? [] : text.split("\n").map((l) => JSON.parse(l) as ExportedOp);
}

describe("per-DID logs", () => {
  it("/log lists operations, /log/last the latest, /log/audit with cid and createdAt", async () => {
    const id = ids[0];
    const log = (await getJson(`${plc.url}/${id.did}/log`)).body as unknown[];
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual(id.genesis);
    expect((await getJson(`${plc.url}/${id.did}/log/last`)).body).toEqual(log[1]);

    const audit = (await getJson(`${plc.url}/${id.did}/log/audit`)).body as ExportedOp[];
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      did: id.did,
      operation: id.genesis,
      nullified: false,
      cid: posted[0].cid,
    });
    expect(new Date(audit[0].createdAt).toISOString()).toBe(audit[0].createdAt);
    expect(audit[1].createdAt > audit[0].createdAt).toBe(true);
  });

  it("unknown DIDs are 404 with upstream's message on every read route", async () => {
    const did = "did:plc:zzzzzzzzzzzzzzzzzzzzzzzz";
    for (const path of ["", "/data", "/log", "/log/audit", "/log/last"]) {
      const res = await getJson(`${plc.url}/${did}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ message: `DID not registered: ${did}` });
    }
  });

  it("percent-encoded DIDs in the path resolve (as @atproto/identity sends them)", async () => {
    const res = await getJson(`${plc.url}/${encodeURIComponent(ids[1].did)}/log/last`);
    expect(res.status).toBe(200);
    // A trailing slash is tolerated, as upstream's express routing does.
    expect((await getJson(`${plc.url}/${ids[1].did}/log/last/`)).body).toEqual(res.body);
  });
});

describe("/export", () => {
  it("returns every op in acceptance order, paged by createdAt", async () => {
    const all = await exportPage("");
    expect(all.map((e) => ({ did: e.did, cid: e.cid }))).toEqual(posted);
    const stamps = all.map((e) => e.createdAt);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);

    const paged: ExportedOp[] = [];
    let after = "";
    for (;;) {
      const page = await exportPage(`?count=2${after ? `&after=${encodeURIComponent(after)}` : ""}`);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      paged.push(...page);
      after = page[page.length - 1].createdAt;
    }
    expect(paged).toEqual(all);
  });

  it("pages by sequence number when after is numeric", async () => {
    const first = await exportPage("?count=4&after=0");
    expect(first.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first[0].type).toBe("sequenced_op");
    const rest = await exportPage("?after=4");
    expect(rest.map((e) => e.cid)).toEqual(posted.slice(4).map((p) => p.cid));
  });

  it("an empty page is an empty body, and bad parameters are 400", async () => {
    const all = await exportPage("");
    expect(await exportPage(`?after=${encodeURIComponent(all[all.length - 1].createdAt)}`)).toEqual([]);
    for (const q of ["?count=0", "?count=-1", "?count=abc", "?after=not-a-date"]) {
      const res = await getJson(`${plc.url}/export${q}`);
      expect(res.status, q).toBe(400);
    }
    expect(await exportPage("?count=100000")).toHaveLength(posted.length);
  });
});
