// The event log on its own (a SQLite file, no servers): subscriber filters applied in SQL select what
// the row-by-row rules select, window by window; per-repo revs only move forward; and a log written
// before positions existed is numbered by the migration; its size is known without counting rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSqlite } from "@atrarium/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventDraft } from "../src/events/jetstream-event.ts";
import { EventLog, type LogRow } from "../src/store/event-log.ts";
import { migrations } from "../src/store/schema.ts";
import { filterFromQuery, selectionOf, wants } from "../src/subscribe/filter.ts";

const commit = (did: string, collection: string, rev = "3kzzzzzzzzz22"): EventDraft => ({
  did,
  kind: "commit",
  commit: { rev, operation: "create", collection, rkey: "3kzzzzzzzzz22", record: { text: "x" }, cid: "bafy" },
});
const identity = (did: string): EventDraft => ({
  did,
  kind: "identity",
  identity: { did, seq: 1, time: "2026-01-01T00:00:00Z" },
});

const DIDS = ["did:plc:aaa", "did:plc:bbb", "did:plc:ccc"];
const COLLECTIONS = [
  "app.bsky.feed.post",
  "app.bsky.graph.follow",
  "app.bskyx.feed.post",
  "net.atrarium.community.config",
  "net.atrariumx.thing",
  "net.atrarium",
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jetstream-log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("event log", () => {
  it("selects in SQL exactly what the filter rules select, in pos order, across windows", () => {
    const log = new EventLog(path.join(dir, "log.sqlite"));
    let seq = 0;
    for (const did of DIDS) {
      log.append("up", ++seq, [identity(did)]);
      log.append(
        "up",
        ++seq,
        COLLECTIONS.map((c) => commit(did, c)),
      );
    }
    const all = log.readWindow(0, log.lastPos, undefined, 10_000);
    expect(all.map((r) => r.pos)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const queries = [
      "wantedDids=did:plc:bbb",
      "wantedDids=did:plc:aaa&wantedDids=did:plc:ccc&wantedCollections=app.bsky.*",
      "wantedCollections=app.bsky.*",
      "wantedCollections=net.atrarium.*&wantedCollections=app.bsky.feed.post",
      "wantedCollections=net.atrarium.community.config",
      "wantedCollections=com.example.nothing",
      "wantedDids=did:plc:zzz",
    ];
    for (const query of queries) {
      const filter = filterFromQuery(new URLSearchParams(query));
      const expected = all.filter((row) => wants(filter, row)).map((r) => r.pos);
      const windowed: LogRow[] = [];
      for (let after = 0; after < log.lastPos; after += 4) {
        windowed.push(...log.readWindow(after, after + 4, selectionOf(filter), 100));
      }
      expect(
        windowed.map((r) => r.pos),
        query,
      ).toEqual(expected);
      expect(
        log.readWindow(0, log.lastPos, selectionOf(filter), 2).map((r) => r.pos),
        query,
      ).toEqual(expected.slice(0, 2));
    }
    log.close();
  });

  it("stores a commit only if its rev is past the repo's last accepted rev; the cursor moves on", () => {
    const log = new EventLog(path.join(dir, "log.sqlite"));
    const did = "did:plc:aaa";
    const draft = (rev: string) => [commit(did, "app.bsky.feed.post", rev)];
    expect(log.append("up", 1, draft("3kaaaaaaaaa22"), { did, rev: "3kaaaaaaaaa22" })).toBe("stored");
    expect(log.append("up", 2, draft("3kaaaaaaaaa22"), { did, rev: "3kaaaaaaaaa22" })).toBe("staleRev");
    expect(log.append("up", 3, draft("3k2222222222a"), { did, rev: "3k2222222222a" })).toBe("staleRev");
    expect(log.append("other", 1, draft("3kbbbbbbbbb22"), { did, rev: "3kbbbbbbbbb22" })).toBe("stored");
    expect(log.append("up", 3, draft("3kccccccccc22"), { did, rev: "3kccccccccc22" })).toBe("seen");
    expect(log.upstreamCursor("up")).toBe(3);
    expect(log.count()).toBe(2);
    log.close();
  });

  it("knows its size from the ends of the pos range, through retention and a reopen", () => {
    let now = 1_000;
    const file = path.join(dir, "log.sqlite");
    const log = new EventLog(file, () => now++);
    expect(log.size()).toBe(0);
    for (let seq = 1; seq <= 5; seq++) log.append("up", seq, [identity(DIDS[0]), identity(DIDS[1])]);
    expect(log.size()).toBe(10);
    expect(log.prune(1_004)).toBe(4);
    expect(log.size()).toBe(log.count());
    expect(log.size()).toBe(6);
    log.close();
    const reopened = new EventLog(file, () => now++);
    expect(reopened.size()).toBe(6);
    expect(reopened.prune(now)).toBe(6);
    expect(reopened.size()).toBe(0);
    reopened.append("up", 6, [identity(DIDS[2])]);
    expect(reopened.size()).toBe(reopened.count());
    reopened.close();
  });

  it("numbers a log written before positions existed, and keeps appending after it", () => {
    const file = path.join(dir, "log.sqlite");
    const v1 = openSqlite(file, migrations.slice(0, 1));
    const insert = v1.prepare(
      "INSERT INTO events (time_us, did, kind, collection, json) VALUES (?, ?, ?, ?, ?)",
    );
    insert.run(30, "did:plc:aaa", "commit", "app.bsky.feed.post", "{}");
    insert.run(10, "did:plc:bbb", "identity", null, "{}");
    insert.run(20, "did:plc:aaa", "commit", "net.atrarium.community.config", "{}");
    v1.exec("UPDATE log_state SET last_time_us = 30");
    v1.close();
    const log = new EventLog(file);
    expect(log.lastPos).toBe(3);
    expect(log.readWindow(0, 3).map((r) => [r.pos, r.timeUs])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    const atrarium = selectionOf(filterFromQuery(new URLSearchParams("wantedCollections=net.atrarium.*")));
    expect(log.readWindow(0, 3, atrarium).map((r) => r.pos)).toEqual([1, 2]);
    log.append("up", 1, [commit("did:plc:ccc", "app.bsky.feed.post")]);
    expect(log.readWindow(3, log.lastPos).map((r) => [r.pos, r.did])).toEqual([[4, "did:plc:ccc"]]);
    expect(log.posAfterTime(15)).toBe(1);
    expect(log.posAfterTime(0)).toBe(0);
    log.close();
  });
});
