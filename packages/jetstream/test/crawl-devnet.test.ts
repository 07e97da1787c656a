// The shared devnet's Jetstream crawls loopback PDSes: a PDS a test starts with the devnet Jetstream as
// its crawler joins the stream after its first write, without restarting anything.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPds, type Pds } from "@atrarium/pds";
import { commitsOf, createRecord, createTestAccount, openCollector, subscribeUrl } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const { plcUrl, jetstreamUrl } = inject("devnet");
const COLLECTION = "net.atrarium.test.note";

describe("a second PDS joins the devnet Jetstream", () => {
  let dir: string;
  let pds: Pds;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-crawl-devnet-"));
    pds = await createPds(
      {
        port: 0,
        dataDir: path.join(dir, "pds"),
        plcUrl,
        logLevel: "warn",
        inviteRequired: false,
        crawlers: [jetstreamUrl.replace(/^ws/, "http")],
      },
      { PDS_BIND_HOST: "127.0.0.1" },
    );
  });
  afterAll(async () => {
    await pds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("its commits reach a devnet Jetstream subscriber", async () => {
    const acct = await createTestAccount(pds.url);
    // Subscribed after the account exists: Jetstream replays a crawled PDS from its beginning, so
    // the commit arrives whether the crawl completes before or after the write.
    const collector = await openCollector(subscribeUrl(jetstreamUrl, { wantedDids: acct.did }));
    const written = await createRecord(acct.agent, COLLECTION, { text: "second pds" });
    const events = await collector.waitFor((e) => commitsOf(e).some((c) => c.rkey === written.rkey), 20_000);
    collector.close();
    expect(commitsOf(events).find((c) => c.rkey === written.rkey)).toMatchObject({
      did: acct.did,
      cid: written.cid,
    });
  });
});
