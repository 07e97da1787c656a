// What a hostile upstream cannot do: its frames' `rev` is not signed, so Jetstream emits the rev of the
// signed commit; a replayed older commit (whatever rev its frame claims) is dropped, since revs of a DID
// only move forward; and it cannot speak for a DID whose document names another PDS. Each drop is
// counted on /stats.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createJetstream, type Jetstream, type JetstreamStats } from "@atrarium/jetstream";
import { commitsOf, openCollector, subscribeUrl } from "@atrarium/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FakeFirehose, signedCommit, startFakeFirehose } from "./fake-firehose.ts";
import { type HostedIdentity, hostedIdentity, movePds } from "./support/hosted-identity.ts";

const { plcUrl } = inject("devnet");
const COLLECTION = "net.atrarium.test.note";
// A valid TID far in the future: what a forger would claim to make a replay win last-write-wins.
const FORGED_REV = "7zzzzzzzzzzzz";
const note = (text: string) => ({ $type: COLLECTION, text, createdAt: new Date().toISOString() });
const textOf = (c: { record?: Record<string, unknown> }) => (c.record as { text: string }).text;

describe("Jetstream trusts signed commits and the DID's own PDS only", () => {
  let dir: string;
  let a: FakeFirehose;
  let b: FakeFirehose;
  let jetstream: Jetstream;
  let alice: HostedIdentity;
  let bob: HostedIdentity;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "jetstream-trust-"));
    [a, b] = await Promise.all([startFakeFirehose(), startFakeFirehose()]);
    [alice, bob] = await Promise.all([hostedIdentity(plcUrl, a.url), hostedIdentity(plcUrl, b.url)]);
  });
  afterAll(async () => {
    await jetstream?.close();
    await Promise.all([a?.close(), b?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const upstreamStats = (fake: FakeFirehose) => {
    const found = jetstream.stats().upstreams.find((u) => u.upstream === fake.url);
    if (!found) throw new Error(`no stats for ${fake.url}`);
    return found;
  };
  async function untilCursor(fake: FakeFirehose, seq: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((upstreamStats(fake).cursor ?? 0) < seq) {
      if (Date.now() > deadline) throw new Error(`${fake.url} stuck at ${upstreamStats(fake).cursor}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  // Every event in the log: once both upstream cursors are at their last frame, nothing else comes.
  async function allEvents() {
    const sub = await openCollector(subscribeUrl(jetstream.url, { cursor: "0" }));
    const events = await sub.waitFor((e) => e.length >= jetstream.stats().log.events);
    sub.close();
    return events;
  }

  it("emits the signed rev, drops replays of older commits and events from a PDS the DID did not name", async () => {
    const one = await signedCommit(alice.did, alice.key, 1, COLLECTION, note("one"));
    const two = await signedCommit(alice.did, alice.key, 2, COLLECTION, note("two"));
    a.push("#commit", { ...one, rev: FORGED_REV });
    a.push("#commit", two);
    a.push("#commit", { ...one, seq: 3 });
    a.push("#commit", { ...one, seq: 4, rev: FORGED_REV });
    // B is a real upstream (bob's PDS) replaying alice's genuinely signed, newer commit.
    b.push("#commit", await signedCommit(alice.did, alice.key, 1, COLLECTION, note("alice via B")));
    b.push("#account", { seq: 2, did: alice.did, active: false, status: "deactivated", time: one.time });
    b.push("#commit", await signedCommit(bob.did, bob.key, 3, COLLECTION, note("bob")));

    jetstream = await createJetstream(
      { port: 0, dataDir: dir, upstreams: [a.url, b.url], plcUrl, logLevel: "silent" },
      {},
    );
    await Promise.all([untilCursor(a, 4), untilCursor(b, 3)]);
    const commits = commitsOf(await allEvents());
    const of = (did: string) => commits.filter((c) => c.did === did).map((c) => [textOf(c), c.rev]);
    expect(of(alice.did)).toEqual([
      ["one", one.rev],
      ["two", two.rev],
    ]);
    expect(of(bob.did).map(([text]) => text)).toEqual(["bob"]);
    expect(jetstream.stats().log.events).toBe(3);
    expect(upstreamStats(a)).toMatchObject({ revForged: 2, revNotIncreasing: 2, wrongHost: 0 });
    expect(upstreamStats(b)).toMatchObject({ revForged: 0, revNotIncreasing: 0, wrongHost: 2 });
    // The counters are on the HTTP /stats too (this client is on loopback).
    const overHttp = (await (await fetch(`${jetstream.url}/stats`)).json()) as JetstreamStats;
    expect(overHttp.upstreams.map((u) => u.wrongHost)).toEqual([0, 2]);
  });

  it("follows a DID to the PDS its document names after an #identity event", async () => {
    await movePds(plcUrl, alice, b.url);
    b.push("#identity", { seq: 4, did: alice.did, time: new Date().toISOString() });
    b.push("#commit", await signedCommit(alice.did, alice.key, 5, COLLECTION, note("moved to B")));
    await untilCursor(b, 5);
    a.push("#commit", await signedCommit(alice.did, alice.key, 5, COLLECTION, note("left behind on A")));
    await untilCursor(a, 5);
    const texts = commitsOf(await allEvents())
      .filter((c) => c.did === alice.did)
      .map(textOf);
    expect(texts).toEqual(["one", "two", "moved to B"]);
    expect(upstreamStats(a).wrongHost).toBe(1);
    expect(upstreamStats(b).wrongHost).toBe(2);
  });
});
