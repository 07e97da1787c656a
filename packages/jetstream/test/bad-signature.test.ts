// A commit whose signature does not verify against the repo DID's key is dropped and counted, and the
// stream goes on past it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Secp256k1Keypair } from "@atproto/crypto";
import { createJetstream } from "@atrarium/jetstream";
import { commitsOf, openCollector, subscribeUrl } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";
import { signedCommit, startFakeFirehose } from "./fake-firehose.ts";
import { hostedIdentity } from "./support/hosted-identity.ts";

const { plcUrl } = inject("devnet");

describe("Jetstream ingest verification", () => {
  it("drops and counts a commit signed with the wrong key; forwards the verified ones", async () => {
    const forger = await Secp256k1Keypair.create();
    const note = (text: string) => ({
      $type: "net.atrarium.test.note",
      text,
      createdAt: new Date().toISOString(),
    });
    const upstream = await startFakeFirehose();
    // Both DIDs name this upstream as their PDS, so it may speak for them; only the signature differs.
    const [victim, honest] = await Promise.all([
      hostedIdentity(plcUrl, upstream.url),
      hostedIdentity(plcUrl, upstream.url),
    ]);
    upstream.push(
      "#commit",
      await signedCommit(victim.did, forger, 1, "net.atrarium.test.note", note("forged")),
    );
    upstream.push(
      "#commit",
      await signedCommit(honest.did, honest.key, 2, "net.atrarium.test.note", note("honest")),
    );
    upstream.push("#account", { seq: 3, did: victim.did, active: true, time: new Date().toISOString() });
    // Handles are verified only through the upstreams' resolveHandle (never DNS): this upstream cannot
    // resolve it, so the identity event goes out without a handle.
    upstream.push("#identity", {
      seq: 4,
      did: victim.did,
      handle: victim.handle,
      time: new Date().toISOString(),
    });

    const dir = mkdtempSync(path.join(tmpdir(), "jetstream-badsig-"));
    const jetstream = await createJetstream(
      { port: 0, dataDir: dir, upstreams: [upstream.url], plcUrl, logLevel: "silent" },
      {},
    );
    try {
      const sub = await openCollector(subscribeUrl(jetstream.url, { cursor: "0" }));
      const events = await sub.waitFor((e) => e.some((x) => x.kind === "identity"));
      sub.close();
      expect(commitsOf(events).map((c) => [c.did, (c.record as { text: string }).text])).toEqual([
        [honest.did, "honest"],
      ]);
      expect(events.map((e) => e.kind)).toEqual(["commit", "account", "identity"]);
      expect(events[2]).toMatchObject({ identity: { did: victim.did, seq: 4 } });
      expect(Object.keys((events[2] as { identity: object }).identity)).toEqual(["did", "seq", "time"]);
      const [stats] = jetstream.stats().upstreams;
      expect(stats).toMatchObject({ commitsRejected: 1, cursor: 4, eventsStored: 3 });
    } finally {
      await jetstream.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
