// The labels this server emits: signed when emitted, stored in labels.sqlite (labels-db.ts), read
// back by com.atproto.label.queryLabels (the current state) and subscribeLabels (by seq, as frames).
import type { DatabaseSync } from "node:sqlite";
import type { Keypair } from "@atproto/crypto";
import { closeSqlite, statementCache, transact } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";
import { messageFrame } from "../sequencer/frames.ts";
import { formatLabel, type SignedLabel, signLabel } from "./sign-label.ts";
import { type UriMatch, uriCondition } from "./uri-patterns.ts";

export interface StoredLabel {
  seq: number;
  label: SignedLabel;
}

export interface LabelEmission {
  uri: string;
  cid?: string;
  create: string[];
  negate: string[];
  // ISO datetime, normalised (Date#toISOString) so it compares as a string.
  exp?: string;
}

interface LabelRow {
  seq: number;
  src: string;
  uri: string;
  cid: string;
  val: string;
  neg: number;
  cts: string;
  exp: string | null;
  sig: Uint8Array;
}

export class SqliteLabelStore {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;
  // The labeler: its DID is every label's `src`, its key signs them.
  private readonly src: string;
  private readonly key: Keypair;
  private waiters: (() => void)[] = [];
  private closed = false;
  private last: number;

  constructor(db: DatabaseSync, clock: Clock, labeler: { did: string; key: Keypair }) {
    this.db = db;
    this.stmt = statementCache(db);
    this.clock = clock;
    this.src = labeler.did;
    this.key = labeler.key;
    this.last = (this.stmt("SELECT MAX(seq) AS seq FROM label").get() as { seq: number | null }).seq ?? 0;
  }

  /** Signs and stores one label per value, applied ones first; each replaces the earlier state of its key. */
  async emit(emission: LabelEmission): Promise<StoredLabel[]> {
    const cts = new Date(this.clock.now()).toISOString();
    const unsigned = [
      ...emission.create.map((val) => ({ val, neg: false, exp: emission.exp })),
      ...emission.negate.map((val) => ({ val, neg: true, exp: undefined })),
    ].map((l) => formatLabel({ src: this.src, uri: emission.uri, cid: emission.cid, cts, ...l }));
    const signed = await Promise.all(unsigned.map((label) => signLabel(label, this.key)));
    const stored = transact(this.db, () =>
      signed.map((label) => {
        this.stmt("DELETE FROM label WHERE src = ? AND uri = ? AND cid = ? AND val = ?").run(
          label.src,
          label.uri,
          label.cid ?? "",
          label.val,
        );
        const { seq } = this.stmt(
          `INSERT INTO label (src, uri, cid, val, neg, cts, exp, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           RETURNING seq`,
        ).get(
          label.src,
          label.uri,
          label.cid ?? "",
          label.val,
          label.neg ? 1 : 0,
          label.cts,
          label.exp ?? null,
          label.sig,
        ) as { seq: number };
        return { seq, label };
      }),
    );
    if (stored.length > 0) this.last = stored[stored.length - 1].seq;
    this.wake();
    return stored;
  }

  /** Labels in force (not negated, not expired) on the matching URIs, by seq after `cursor`. */
  query(opts: { uris: UriMatch; sources?: string[]; cursor: number; limit: number }): StoredLabel[] {
    const uri = uriCondition(opts.uris);
    const sources = opts.sources ?? [];
    const bySource = sources.length > 0 ? `AND src IN (${sources.map(() => "?").join(", ")})` : "";
    const rows = this.stmt(
      `SELECT * FROM label WHERE seq > ? AND neg = 0 AND (exp IS NULL OR exp > ?) AND ${uri.sql} ${bySource}
       ORDER BY seq LIMIT ?`,
    ).all(
      opts.cursor,
      new Date(this.clock.now()).toISOString(),
      ...uri.args,
      ...sources,
      opts.limit,
    ) as unknown as LabelRow[];
    return rows.map(toStored);
  }

  // The event log surface subscribeLabels reads (firehose/serve-event-log.ts): one #labels frame per row.
  async lastSeq(): Promise<number> {
    return this.last;
  }

  async readAfter(
    cursor: number,
    limit: number,
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<{ seq: number; frame: Uint8Array }[]> {
    const rows = this.stmt("SELECT * FROM label WHERE seq > ? ORDER BY seq LIMIT ?").iterate(
      cursor,
      limit,
    ) as IterableIterator<LabelRow>;
    const out: { seq: number; frame: Uint8Array }[] = [];
    let bytes = 0;
    for (const row of rows) {
      const { seq, label } = toStored(row);
      const frame = messageFrame("#labels", { seq, labels: [{ ...label }] });
      out.push({ seq, frame });
      bytes += frame.length;
      if (bytes >= maxBytes) break;
    }
    return out;
  }

  waitForAfter(seq: number): Promise<void> {
    if (this.last > seq || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    this.wake();
    closeSqlite(this.db);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function toStored(row: LabelRow): StoredLabel {
  const label = formatLabel({
    src: row.src,
    uri: row.uri,
    cid: row.cid,
    val: row.val,
    neg: row.neg === 1,
    cts: row.cts,
    exp: row.exp ?? undefined,
  });
  return { seq: row.seq, label: { ...label, sig: new Uint8Array(row.sig) } };
}
