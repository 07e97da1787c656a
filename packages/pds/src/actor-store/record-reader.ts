// Reads of the record index joined with the block that holds each record's content.
import { decodeCid } from "@atproto/lex-data";
import { lexToJson } from "@atproto/lex-json";
import { cborToLexRecord } from "@atproto/repo";
import type { SqliteActor } from "./actor.ts";
import type { RecordReader, RecordView } from "./types.ts";

interface Row {
  uri: string;
  cid: Uint8Array;
  content: Uint8Array;
}

const toView = (row: Row): RecordView => ({
  uri: row.uri,
  cid: decodeCid(row.cid).toString(),
  value: lexToJson(cborToLexRecord(row.content)),
});

export class SqliteRecordReader implements RecordReader {
  private readonly actor: SqliteActor;

  constructor(actor: SqliteActor) {
    this.actor = actor;
  }

  async get(
    collection: string,
    rkey: string,
    opts: { includeTakenDown?: boolean } = {},
  ): Promise<RecordView | null> {
    const row = this.actor
      .stmt(
        `SELECT r.uri, r.cid, r.takedown_ref, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
         WHERE r.collection = ? AND r.rkey = ?`,
      )
      .get(collection, rkey) as (Row & { takedown_ref: string | null }) | undefined;
    if (!row || (row.takedown_ref && !opts.includeTakenDown)) return null;
    return toView(row);
  }

  // Pages by rkey, as the official PDS does.
  async list(opts: {
    collection: string;
    limit: number;
    cursor?: string;
    reverse?: boolean;
  }): Promise<{ records: RecordView[]; cursor?: string }> {
    const sql = opts.reverse
      ? `SELECT r.uri, r.cid, r.rkey, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
         WHERE r.collection = ? AND r.rkey > ? AND r.takedown_ref IS NULL ORDER BY r.rkey ASC LIMIT ?`
      : `SELECT r.uri, r.cid, r.rkey, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
         WHERE r.collection = ? AND r.rkey < ? AND r.takedown_ref IS NULL ORDER BY r.rkey DESC LIMIT ?`;
    const start = opts.cursor ?? (opts.reverse ? "" : "\uffff");
    const rows = this.actor.stmt(sql).all(opts.collection, start, opts.limit) as unknown as (Row & {
      rkey: string;
    })[];
    const last = rows[rows.length - 1];
    return {
      records: rows.map(toView),
      cursor: rows.length === opts.limit && last ? last.rkey : undefined,
    };
  }

  async collections(): Promise<string[]> {
    const rows = this.actor.stmt("SELECT DISTINCT collection FROM record ORDER BY collection").all() as {
      collection: string;
    }[];
    return rows.map((r) => r.collection);
  }

  async count(): Promise<number> {
    return (this.actor.stmt("SELECT COUNT(*) AS n FROM record").get() as { n: number }).n;
  }

  async takedownStatus(
    collection: string,
    rkey: string,
  ): Promise<{ cid: string; takedownRef: string | null } | null> {
    const row = this.actor
      .stmt("SELECT cid, takedown_ref FROM record WHERE collection = ? AND rkey = ?")
      .get(collection, rkey) as { cid: Uint8Array; takedown_ref: string | null } | undefined;
    return row ? { cid: decodeCid(row.cid).toString(), takedownRef: row.takedown_ref } : null;
  }

  // A plain column update, outside the write lock: it changes no block, commit or firehose event.
  async setTakedown(collection: string, rkey: string, ref: string | null): Promise<boolean> {
    const result = this.actor
      .stmt("UPDATE record SET takedown_ref = ? WHERE collection = ? AND rkey = ?")
      .run(ref, collection, rkey);
    return result.changes > 0;
  }
}
