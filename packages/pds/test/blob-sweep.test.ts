import { readdir } from "node:fs/promises";
import path from "node:path";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { OffsetClock } from "./support/offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

// Long enough that the wall clock never reaches it during the test (nor the sweeper's own timer, which
// runs every half grace period): only the test's clock moves uploads past it, and only the test's
// sweepBlobsNow sweeps.
const GRACE_MS = 60 * 60_000;

// A private stack: a grace period for unreferenced uploads on a clock the test moves, and only images
// accepted.
describe("blob grace period and MIME limits (private stack)", () => {
  let stack: PrivatePds;
  let acct: TestAccount;
  const clock = new OffsetClock();
  beforeAll(async () => {
    stack = await startPrivatePds(
      { blobGracePeriodMs: GRACE_MS, blobAllowedMimeTypes: ["image/*"] },
      { clock },
    );
    acct = await createTestAccount(stack.pdsUrl);
  });
  afterAll(() => stack?.close());
  // An upload's age is counted from its file's mtime, which follows the wall clock: each test starts
  // there, so its uploads are young until the test itself moves the clock.
  beforeEach(() => clock.reset());

  const tempFiles = async () => {
    const dir = path.join(stack.dataDir, "pds", "blobs", "tmp", encodeURIComponent(acct.did));
    return readdir(dir).catch(() => [] as string[]);
  };
  const upload = async (bytes: Uint8Array, encoding = "image/png") =>
    (await acct.agent.com.atproto.repo.uploadBlob(bytes, { encoding })).data.blob;
  const post = (blob: unknown, text: string) =>
    acct.agent.com.atproto.repo.createRecord({
      repo: acct.did,
      collection: "app.bsky.feed.post",
      record: imagePost(text, blob),
    });

  it("refuses types outside the configured list, judged by the bytes", async () => {
    const text = new TextEncoder().encode("plain text pretending to be an image");
    await expect(upload(text, "text/plain")).rejects.toMatchObject({ status: 400, error: "InvalidMimeType" });
    await expect(upload(text, "image/png")).rejects.toMatchObject({ status: 400, error: "InvalidMimeType" });
    expect(await tempFiles()).toEqual([]);
    expect((await upload(pngBytes())).mimeType).toBe("image/png");
  });

  it("sweeps an upload no record took up after the grace period; a referenced one stays", async () => {
    const kept = await upload(pngBytes());
    const dropped = await upload(pngBytes());
    await post(kept, "kept");
    expect(await tempFiles()).not.toEqual([]);
    clock.advance(GRACE_MS + 1000);
    await stack.pds.sweepBlobsNow();
    expect(await tempFiles()).toEqual([]);
    await expect(post(dropped, "too late")).rejects.toMatchObject({ status: 400, error: "BlobNotFound" });
    const url = new URL("/xrpc/com.atproto.sync.getBlob", stack.pdsUrl);
    url.searchParams.set("did", acct.did);
    url.searchParams.set("cid", kept.ref.toString());
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBe(kept.size);
  });

  it("an upload used within the grace period is kept", async () => {
    const blob = await upload(pngBytes());
    clock.advance(GRACE_MS * 0.6);
    await stack.pds.sweepBlobsNow();
    await post(blob, "in time");
    clock.advance(GRACE_MS * 1.6);
    await stack.pds.sweepBlobsNow();
    const listed = await acct.agent.com.atproto.sync.listBlobs({ did: acct.did });
    expect(listed.data.cids).toContain(blob.ref.toString());
  });
});
