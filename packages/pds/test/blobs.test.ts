import { parseCid } from "@atproto/lex-data";
import { readCar } from "@atproto/repo";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";

const { pdsUrl } = inject("devnet");

async function upload(acct: TestAccount, bytes: Uint8Array, encoding = "application/octet-stream") {
  const res = await acct.agent.com.atproto.repo.uploadBlob(bytes, { encoding });
  return res.data.blob;
}

const cidOf = (blob: unknown) => (blob as { ref: { toString(): string } }).ref.toString();

function getBlob(did: string, cid: string, headers: Record<string, string> = {}) {
  const url = new URL("/xrpc/com.atproto.sync.getBlob", pdsUrl);
  url.searchParams.set("did", did);
  url.searchParams.set("cid", cid);
  return fetch(url, { headers });
}

async function postWith(acct: TestAccount, blob: unknown, text = "with image") {
  return acct.agent.com.atproto.repo.createRecord({
    repo: acct.did,
    collection: "app.bsky.feed.post",
    record: imagePost(text, blob),
  });
}

const rkeyOf = (uri: string) => uri.split("/").pop() as string;
const errorOf = async (res: Response) => ((await res.json()) as { error?: string }).error;

describe("blobs: uploadBlob, getBlob, listBlobs, getBlocks", () => {
  let acct: TestAccount;
  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
  });

  it("uploadBlob sniffs the type from the bytes and answers a raw-CID blob ref", async () => {
    const png = pngBytes(500);
    const blob = await upload(acct, png, "application/octet-stream");
    expect(blob.mimeType).toBe("image/png");
    expect(blob.size).toBe(png.length);
    const cid = parseCid(cidOf(blob));
    expect(cid.code).toBe(0x55);
    const text = await upload(acct, new TextEncoder().encode("just words"), "text/plain; charset=utf-8");
    expect(text.mimeType).toBe("text/plain");
    // A declared type with a signature the bytes do not carry is not believed.
    const fake = await upload(acct, new TextEncoder().encode("not a png at all"), "image/png");
    expect(fake.mimeType).toBe("application/octet-stream");
  });

  it("getBlob serves a referenced blob with type, length, caching and nosniff headers", async () => {
    const png = pngBytes(400);
    const blob = await upload(acct, png);
    await postWith(acct, blob);
    const res = await getBlob(acct.did, cidOf(blob));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-length")).toBe(String(png.length));
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    const url = new URL("/xrpc/com.atproto.sync.getBlob", pdsUrl);
    url.search = new URLSearchParams({ did: acct.did, cid: cidOf(blob) }).toString();
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(png.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("Range requests get 206 with the exact slice; unsatisfiable ones 416", async () => {
    const png = pngBytes(300);
    const blob = await upload(acct, png);
    await postWith(acct, blob);
    const cid = cidOf(blob);
    const slice = async (range: string) => {
      const res = await getBlob(acct.did, cid, { range });
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    const first = await slice("bytes=0-9");
    expect(first.res.status).toBe(206);
    expect(first.res.headers.get("content-range")).toBe(`bytes 0-9/${png.length}`);
    expect(first.res.headers.get("content-length")).toBe("10");
    expect(first.bytes).toEqual(png.slice(0, 10));
    const open = await slice("bytes=100-");
    expect(open.res.status).toBe(206);
    expect(open.bytes).toEqual(png.slice(100));
    const suffix = await slice("bytes=-16");
    expect(suffix.res.headers.get("content-range")).toBe(
      `bytes ${png.length - 16}-${png.length - 1}/${png.length}`,
    );
    expect(suffix.bytes).toEqual(png.slice(-16));
    const clamped = await slice(`bytes=290-5000`);
    expect(clamped.bytes).toEqual(png.slice(290));
    for (const bad of [`bytes=${png.length}-`, "bytes=5000-6000", "bytes=20-10", "bytes=abc", "bytes=-0"]) {
      const res = await getBlob(acct.did, cid, { range: bad });
      expect(res.status, bad).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${png.length}`);
      expect(await errorOf(res)).toBe("RangeNotSatisfiable");
    }
    // Several ranges at once, or another unit, are ignored: the whole blob.
    for (const ignored of ["bytes=0-1,5-6", "items=0-1"]) {
      const whole = await slice(ignored);
      expect(whole.res.status).toBe(200);
      expect(whole.bytes).toEqual(png);
    }
  });

  it("unknown, unreferenced and malformed CIDs are errors", async () => {
    const temp = await upload(acct, pngBytes());
    const unreferenced = await getBlob(acct.did, cidOf(temp));
    expect(unreferenced.status).toBe(400);
    expect(await unreferenced.json()).toMatchObject({ error: "BlobNotFound" });
    const unknown = await getBlob(acct.did, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toBe("BlobNotFound");
    const malformed = await getBlob(acct.did, "not-a-cid");
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toBe("InvalidRequest");
    const noRepo = await getBlob("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", cidOf(temp));
    expect(await errorOf(noRepo)).toBe("RepoNotFound");
  });

  it("a record may only reference a blob uploaded with that type and size", async () => {
    const other = await createTestAccount(pdsUrl);
    const theirs = await upload(other, pngBytes());
    await expect(postWith(acct, theirs)).rejects.toMatchObject({ status: 400, error: "BlobNotFound" });
    const mine = await upload(acct, pngBytes());
    const asJson = (mimeType: string, size: number) => ({
      $type: "blob",
      ref: { $link: cidOf(mine) },
      mimeType,
      size,
    });
    await postWith(acct, asJson(mine.mimeType, mine.size)).then((r) => expect(r.data.uri).toBeTruthy());
    const wrongType = asJson("image/jpeg", mine.size);
    await expect(postWith(acct, wrongType)).rejects.toMatchObject({ status: 400, error: "InvalidMimeType" });
    const wrongSize = asJson(mine.mimeType, mine.size + 1);
    await expect(postWith(acct, wrongSize)).rejects.toMatchObject({ status: 400, error: "InvalidSize" });
    // Nothing was written by the refused attempts.
    const fresh = await upload(acct, pngBytes());
    await expect(
      postWith(acct, { ...asJson(fresh.mimeType, fresh.size + 1), ref: { $link: cidOf(fresh) } }),
    ).rejects.toMatchObject({ error: "InvalidSize" });
    const listed = await acct.agent.com.atproto.sync.listBlobs({ did: acct.did });
    expect(listed.data.cids).not.toContain(cidOf(fresh));
  });

  it("a blob stays while a record references it and goes with the last one", async () => {
    const blob = await upload(acct, pngBytes());
    const a = await postWith(acct, blob, "a");
    const b = await postWith(acct, blob, "b");
    const del = (uri: string) =>
      acct.agent.com.atproto.repo.deleteRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        rkey: rkeyOf(uri),
      });
    await del(a.data.uri);
    expect((await getBlob(acct.did, cidOf(blob))).status).toBe(200);
    await del(b.data.uri);
    const gone = await getBlob(acct.did, cidOf(blob));
    expect(gone.status).toBe(400);
    expect(await errorOf(gone)).toBe("BlobNotFound");
    // An update that drops the image drops the blob too.
    const c = await upload(acct, pngBytes());
    const post = await postWith(acct, c, "c");
    await acct.agent.com.atproto.repo.putRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      rkey: rkeyOf(post.data.uri),
      record: { $type: "app.bsky.feed.post", text: "no image now", createdAt: new Date().toISOString() },
    });
    expect((await getBlob(acct.did, cidOf(c))).status).toBe(400);
  });

  it("listBlobs pages through referenced blobs and honours since", async () => {
    const fresh = await createTestAccount(pdsUrl);
    const cids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const blob = await upload(fresh, pngBytes());
      await postWith(fresh, blob, `p${i}`);
      cids.push(cidOf(blob));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await fresh.agent.com.atproto.sync.listBlobs({ did: fresh.did, limit: 2, cursor });
      seen.push(...page.data.cids);
      cursor = page.data.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...cids].sort());
    const mid = await fresh.agent.com.atproto.sync.getLatestCommit({ did: fresh.did });
    const late = await upload(fresh, pngBytes());
    await postWith(fresh, late, "late");
    const since = await fresh.agent.com.atproto.sync.listBlobs({ did: fresh.did, since: mid.data.rev });
    expect(since.data.cids).toEqual([cidOf(late)]);
  });

  it("the #commit event lists the new blobs", async () => {
    const { subscribeFrames, wsUrlOf } = await import("./firehose-frames.ts");
    const blob = await upload(acct, pngBytes());
    const sub = subscribeFrames(wsUrlOf(pdsUrl), (f) =>
      f.some((x) => x.t === "#commit" && x.body.repo === acct.did),
    );
    await sub.opened;
    await postWith(acct, blob, "firehose");
    const frames = await sub.frames;
    const commit = frames.find((x) => x.t === "#commit" && x.body.repo === acct.did);
    expect((commit?.body.blobs as { toString(): string }[] | undefined)?.map(String)).toEqual([cidOf(blob)]);
  });

  it("an upload over the limit is refused with 413, with or without Content-Length", async () => {
    const limit = 5 * 1024 * 1024;
    const auth = { authorization: `Bearer ${acct.agent.session?.accessJwt}` };
    const url = `${pdsUrl}/xrpc/com.atproto.repo.uploadBlob`;
    const big = new Uint8Array(limit + 1);
    const declared = await fetch(url, {
      method: "POST",
      headers: { ...auth, "content-type": "image/png" },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "PayloadTooLarge" });
    // Streamed without a length: counted while it arrives.
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(url, {
      method: "POST",
      headers: { ...auth, "content-type": "application/octet-stream" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const exact = await fetch(url, { method: "POST", headers: auth, body: new Uint8Array(limit) });
    expect(exact.status).toBe(200);
    const anonymous = await fetch(url, { method: "POST", body: pngBytes() });
    expect(anonymous.status).toBe(401);
  });

  it("getBlocks answers a rootless CAR of the asked blocks, or names the missing ones", async () => {
    const created = await acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: "blocks", createdAt: new Date().toISOString() },
    });
    const head = await acct.agent.com.atproto.sync.getLatestCommit({ did: acct.did });
    const cids = [created.data.cid, head.data.cid];
    const res = await acct.agent.com.atproto.sync.getBlocks({ did: acct.did, cids });
    const car = await readCar(res.data);
    expect(car.roots).toEqual([]);
    expect(car.blocks.size).toBe(2);
    for (const cid of cids) expect(car.blocks.has(parseCid(cid))).toBe(true);
    const missing = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
    await expect(
      acct.agent.com.atproto.sync.getBlocks({ did: acct.did, cids: [created.data.cid, missing] }),
    ).rejects.toMatchObject({
      status: 400,
      error: "InvalidRequest",
      message: expect.stringContaining(missing),
    });
  });
});
