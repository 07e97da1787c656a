import { readdir } from "node:fs/promises";
import path from "node:path";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { type PrivatePds, startPrivatePds } from "./support/private-pds.ts";

// A private stack: a 1 s grace period for unreferenced uploads, and only images accepted.
describe("blob grace period and MIME limits (private stack)", () => {
  let stack: PrivatePds;
  let acct: TestAccount;
  beforeAll(async () => {
    stack = await startPrivatePds({ blobGracePeriodMs: 1000, blobAllowedMimeTypes: ["image/*"] });
    acct = await createTestAccount(stack.pdsUrl);
  });
  afterAll(() => stack?.close());

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
    await new Promise((r) => setTimeout(r, 2600));
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
    await new Promise((r) => setTimeout(r, 600));
    await post(blob, "in time");
    await new Promise((r) => setTimeout(r, 1600));
    const listed = await acct.agent.com.atproto.sync.listBlobs({ did: acct.did });
    expect(listed.data.cids).toContain(blob.ref.toString());
  });
});
