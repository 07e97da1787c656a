// The crash window a SIGKILL rarely hits: a commit is in the actor store but its event never reached
// the firehose log. Commits made here without draining stand in for it; the next start must sequence
// them once, in order, and never again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Cid } from "@atproto/lex-data";
import { createTestAccount } from "@atrarium/testkit";
import { afterAll, describe, expect, inject, it } from "vitest";
import { prepareRecordWrite } from "../src/repo/prepare.ts";
import { createPds, type Pds } from "../src/server.ts";
import { collectFrames, wsUrlOf } from "./firehose-frames.ts";

const { plcUrl } = inject("devnet");
const dataDir = mkdtempSync(path.join(tmpdir(), "pds-outbox-recovery-"));
const start = () =>
  createPds(
    { port: 0, dataDir, plcUrl, logLevel: "error", inviteRequired: false },
    { PDS_BIND_HOST: "127.0.0.1" },
  );

describe("outbox recovery at startup", () => {
  let pds: Pds | undefined;
  afterAll(async () => {
    await pds?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("sequences commits that never reached the log, once", async () => {
    pds = await start();
    const acct = await createTestAccount(pds.url);
    const before = await pds.ctx.sequencer.lastSeq();
    const actor = pds.ctx.actors.get(acct.did);
    const revs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const write = await prepareRecordWrite(pds.ctx.lexicons, "create", {
        collection: "app.bsky.feed.post",
        record: { $type: "app.bsky.feed.post", text: `undrained ${i}`, createdAt: new Date().toISOString() },
      });
      revs.push((await actor.repo.applyWrites([write])).rev);
    }
    expect(await pds.ctx.sequencer.lastSeq()).toBe(before);
    await pds.close();

    pds = await start();
    const url = pds.url;
    const frames = await collectFrames(wsUrlOf(url, before), (f) => f.length >= 3);
    expect(frames.map((f) => [f.t, f.body.seq, f.body.rev])).toEqual(
      revs.map((rev, i) => ["#commit", before + 1 + i, rev]),
    );
    // The restarted server listens on a new port: ask it directly.
    const res = await fetch(`${url}/xrpc/com.atproto.sync.getLatestCommit?did=${acct.did}`);
    const head = (await res.json()) as { cid: string; rev: string };
    expect(String(frames[2].body.commit as Cid)).toBe(head.cid);

    // A second start finds nothing left to move.
    await pds.close();
    pds = await start();
    expect(await pds.ctx.sequencer.lastSeq()).toBe(before + 3);
  });
});
