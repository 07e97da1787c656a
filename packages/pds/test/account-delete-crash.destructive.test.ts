// SIGKILL of the PDS process while accounts are being deleted, then restart: every account is either
// whole (signs in, repo served, nothing of a deletion on the firehose) or entirely gone (cannot sign
// in, RepoNotFound, no actor store or blob left, and exactly one #account deleted event the only
// trace of it in the log). Nothing is left half deleted, and firehose seqs still only increase.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imagePost, pngBytes } from "./blob-fixtures.ts";
import { replayToEnd } from "./firehose-frames.ts";
import { type PdsProcess, startPdsProcess } from "./pds-process.ts";
import { lastOutboxMailTo, tokenIn } from "./support/mail.ts";

const ACCOUNTS = 10;

const shardedDir = (root: string, did: string) =>
  path.join(root, createHash("sha256").update(did).digest("hex").slice(0, 2), encodeURIComponent(did));

describe("account deletion killed midway", () => {
  let pds: PdsProcess;
  let accounts: TestAccount[] = [];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    pds = await startPdsProcess();
    accounts = await Promise.all(Array.from({ length: ACCOUNTS }, () => createTestAccount(pds.url)));
    for (const acct of accounts) {
      const repo = acct.agent.com.atproto.repo;
      const blob = (await repo.uploadBlob(pngBytes(300), { encoding: "image/png" })).data.blob;
      await repo.createRecord({
        repo: acct.did,
        collection: "app.bsky.feed.post",
        record: imagePost("x", blob),
      });
      await acct.agent.com.atproto.server.requestAccountDelete();
      const mail = await lastOutboxMailTo(path.join(pds.dataDir, "pds", "mail-outbox"), acct.email);
      tokens.set(acct.did, tokenIn(mail));
    }
  }, 60_000);
  afterAll(async () => {
    await pds?.destroy();
  });

  it("leaves every account whole or entirely gone, and the restart finishes what was started", async () => {
    const anon = () => new AtpAgent({ service: pds.url }).com.atproto;
    let answered = 0;
    const killAfter = 1 + Math.floor(Math.random() * (ACCOUNTS - 2));
    let killed: Promise<void> | null = null;
    const deletions = accounts.map((acct) =>
      anon()
        .server.deleteAccount({
          did: acct.did,
          password: acct.password,
          token: tokens.get(acct.did) as string,
        })
        .then(
          () => {
            if (++answered === killAfter) killed = pds.kill("SIGKILL");
            return true;
          },
          () => false,
        ),
    );
    const acknowledged = await Promise.all(deletions);
    await killed;
    expect(acknowledged.filter(Boolean).length).toBeGreaterThanOrEqual(killAfter);
    expect(acknowledged.filter(Boolean).length).toBeLessThan(ACCOUNTS);

    await pds.start();
    const frames = await replayToEnd(pds.url, 0);
    const seqs = frames.flatMap((f) => (typeof f.body.seq === "number" ? [f.body.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    let gone = 0;
    for (const [i, acct] of accounts.entries()) {
      const events = frames.filter((f) => f.body.did === acct.did || f.body.repo === acct.did);
      const signIn = await anon()
        .server.createSession({ identifier: acct.handle, password: acct.password })
        .then(
          () => true,
          () => false,
        );
      const repoServed = await anon()
        .sync.getRepo({ did: acct.did })
        .then(
          () => true,
          () => false,
        );
      const stores = [
        shardedDir(path.join(pds.dataDir, "pds", "actors"), acct.did),
        shardedDir(path.join(pds.dataDir, "pds", "blobs"), acct.did),
      ].filter((dir) => existsSync(dir));
      if (signIn) {
        expect({ i, repoServed, deleted: events.some((f) => f.body.status === "deleted") }).toEqual({
          i,
          repoServed: true,
          deleted: false,
        });
        expect(acknowledged[i]).toBe(false);
      } else {
        gone++;
        expect({ i, repoServed, stores, events: events.map((f) => [f.t, f.body.status]) }).toEqual({
          i,
          repoServed: false,
          stores: [],
          events: [["#account", "deleted"]],
        });
      }
    }
    expect(gone).toBeGreaterThanOrEqual(killAfter);
  }, 60_000);
});
