// The FirehoseReceiver DO inside workerd, connected to the Jetstream of the globalSetup and feeding
// the Worker's real queue and consumer. The consumer confirms to the "main" receiver, so these tests
// use that one object and run in order, each starting from where the previous one left it.
import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { FirehoseReceiver } from "../../src/ingest/firehose-receiver.ts";
import { readSettings } from "../../src/settings.ts";
import { durableObjectStubs } from "../../src/stubs.ts";
import { POISONED_DID as POISONED } from "../support/failing-ingest.ts";
import { peer, waitFor } from "./peer-client.ts";

// A fresh stub each time: a stub is broken for good once its object was aborted.
const receiver = () => durableObjectStubs(env).receiver();
const REWIND_US = readSettings(env).reconnectRewindUs;
const ALICE = "did:plc:alice0000000000000000000";
// Stream times are the peer's, not the clock's: each test takes its own range, far enough apart that
// a reconnect's rewind never replays an earlier test's events.
const T = 1_700_000_000_000_000;
const range = (n: number) => T + n * 600_000_000;

function post(did: string, timeUs: number, text: string) {
  return {
    did,
    time_us: timeUs,
    kind: "commit",
    commit: {
      rev: `3lzz${timeUs}`,
      operation: "create",
      collection: "app.bsky.feed.post",
      rkey: `r${timeUs}`,
      cid: "bafyreib2rxk3rh6kzwq",
      record: { $type: "app.bsky.feed.post", text, createdAt: new Date(timeUs / 1000).toISOString() },
    },
  };
}

const status = () => receiver().status();
// The receiver's status and its stored cursor, read together in one turn of the object.
const snapshot = () =>
  runInDurableObject(receiver(), (instance: FirehoseReceiver, state) => {
    const row = state.storage.sql.exec("SELECT value FROM kv WHERE key = 'cursor'").toArray()[0];
    return { ...instance.status(), stored: row ? Number(row.value) : undefined };
  });
const storedCursor = async () => (await snapshot()).stored;
const alarmAt = () =>
  runInDurableObject(receiver(), (_: FirehoseReceiver, state) => state.storage.getAlarm());
const opened = async () => (await peer.connections()).filter((c) => !c.refused);

describe("FirehoseReceiver", () => {
  it("starts from the oldest event, subscribes to the wanted collections and arms its watchdog", async () => {
    expect(await status()).toMatchObject({ connected: false, cursor: 0, inflight: 0 });
    const before = Date.now();
    await receiver().ensureRunning();

    expect(await status()).toMatchObject({ connected: true, counters: { connections_total: 1 } });
    expect(await peer.connections()).toEqual([
      {
        cursor: 1,
        wantedCollections: ["app.bsky.feed.post", "app.bsky.feed.generator", "net.atrarium.*"],
        refused: false,
        open: true,
      },
    ]);
    expect(await alarmAt()).toBeGreaterThanOrEqual(before + 5_000);
    const versions = await runInDurableObject(receiver(), (_: FirehoseReceiver, state) =>
      state.storage.sql.exec("SELECT version FROM _migrations").toArray(),
    );
    expect(versions).toEqual([{ version: 1 }]);
  });

  it("events the light filter drops move the cursor at once; the watchdog alarm persists it", async () => {
    const t = range(1);
    const oversized = post(ALICE, t + 3, `#atrarium_big ${"x".repeat(130 * 1024)}`);
    await peer.append([
      post(ALICE, t + 1, "no tag here"),
      "not json {",
      oversized,
      post(ALICE, t + 4, "plain"),
    ]);
    const seen = await waitFor("4 events received", status, (s) => s.counters.events_received_total >= 4);
    expect(seen).toMatchObject({ cursor: t + 4, inflight: 0 });
    expect(seen.counters).toMatchObject({ events_malformed_total: 1, events_oversized_total: 1 });
    expect(seen.counters.events_queued_total).toBeUndefined();
    expect(await storedCursor()).toBeUndefined();

    expect(await runDurableObjectAlarm(receiver())).toBe(true);
    expect(await storedCursor()).toBe(t + 4);
    expect(await alarmAt()).not.toBeNull();
    // Connected: the watchdog saw no reason to open a second subscription.
    expect(await opened()).toHaveLength(1);
  });

  it("the cursor never passes an event still in flight; its dead letter finally releases it", async () => {
    const t = range(2);
    await peer.append([
      post(POISONED, t + 1, "fails every attempt #atrarium_garden"),
      post(ALICE, t + 2, "one #atrarium_garden"),
      post(ALICE, t + 3, "two #atrarium_garden"),
    ]);
    const snapshots: Awaited<ReturnType<typeof snapshot>>[] = [];
    const released = await waitFor(
      "the poisoned event to reach the dead letters",
      async () => {
        const s = await snapshot();
        snapshots.push(s);
        return s;
      },
      (s) => s.deadLetters === 1,
    );
    const holding = snapshots.filter((s) => s.deadLetters === 0);
    for (const s of holding) expect(s.cursor).toBeLessThanOrEqual(t);
    for (const s of holding) expect(s.stored ?? 0).toBeLessThanOrEqual(t);
    // Seen at least once: the other two applied and confirmed (which saves the cursor) while the
    // poisoned one was retried.
    const confirmed = holding.filter((s) => (s.counters.queue_processed_total ?? 0) >= 2);
    expect(confirmed.length).toBeGreaterThan(0);
    for (const s of confirmed) expect(s).toMatchObject({ inflight: 1, cursor: t, stored: t });
    expect(released).toMatchObject({ cursor: t + 3, stored: t + 3, inflight: 0 });
    expect(released.counters.queue_retried_total).toBeGreaterThanOrEqual(3);
    const letters = await runInDurableObject(receiver(), (_: FirehoseReceiver, state) =>
      state.storage.sql.exec("SELECT time_us, body FROM dead_letter").toArray(),
    );
    expect(letters).toEqual([{ time_us: t + 1, body: expect.stringContaining(POISONED) }]);
  });

  it("after a drop it resubscribes at once from the stored cursor minus the rewind", async () => {
    const t = range(3);
    await peer.append([post(ALICE, t + 1, "a"), post(ALICE, t + 2_000_000, "b")]);
    const before = await waitFor("the new events", status, (s) => s.cursor === t + 2_000_000);
    await peer.drop();

    const connections = await waitFor("a second subscription", opened, (c) => c.length === 2 && c[1].open);
    expect(connections[0].open).toBe(false);
    expect(connections[1].cursor).toBe(t + 2_000_000 - REWIND_US);
    expect(await storedCursor()).toBe(t + 2_000_000);
    // The rewind replays both events; seeing them again never moves the cursor back.
    const received = before.counters.events_received_total;
    const after = await waitFor(
      "the replay",
      status,
      (s) => s.counters.events_received_total >= received + 2,
    );
    expect(after).toMatchObject({ connected: true, cursor: t + 2_000_000 });
    expect(after.counters.disconnects_total).toBe(1);
  });

  it("a restarted object resumes from its stored cursor when the watchdog fires", async () => {
    const t = range(4);
    await peer.append([post(ALICE, t, "c")]);
    await waitFor("the event", status, (s) => s.cursor === t);
    expect(await runDurableObjectAlarm(receiver())).toBe(true);
    // A crash: the instance and its socket are gone, storage stays.
    await abortAllDurableObjects();
    const count = (await opened()).length;

    expect(await status()).toMatchObject({ connected: false, cursor: t });
    expect(await runDurableObjectAlarm(receiver())).toBe(true);
    const connections = await waitFor("a new subscription", opened, (c) => c.length === count + 1);
    expect(connections[count]).toMatchObject({ open: true, cursor: t - REWIND_US });
    expect(await status()).toMatchObject({ connected: true, cursor: t });
  });

  it("when Jetstream refuses, the watchdog retries with backoff instead of on every alarm", async () => {
    const failuresBefore = (await status()).counters.connect_failures_total ?? 0;
    const attemptsBefore = (await peer.connections()).length;
    await peer.refuseNext(2);
    await peer.drop();

    let alarms = 0;
    await waitFor(
      "a reconnection through the watchdog",
      async () => {
        alarms++;
        await runDurableObjectAlarm(receiver());
        return status();
      },
      (s) => s.connected,
    );
    const attempts = (await peer.connections()).slice(attemptsBefore);
    expect(attempts.map((a) => [a.refused, a.open])).toEqual([
      [true, false],
      [true, false],
      [false, true],
    ]);
    // 0.5 s then 1 s of backoff: many more alarms ran than attempts were made.
    expect(alarms).toBeGreaterThan(attempts.length);
    expect((await status()).counters.connect_failures_total).toBe(failuresBefore + 2);
    expect(await alarmAt()).not.toBeNull();
  });
});
