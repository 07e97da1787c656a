// Reads of the record index joined with the block that holds each record's content.
import { decodeCid } from "@atproto/lex-data";
import { lexToJson } from "@atproto/lex-json";
import { cborToLexRecord } from "@atproto/repo";
import type { Actor } from "./actor.ts";

export interface RecordView {
  uri: string;
  cid: string;
  value: unknown;
}

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

export function getRecord(actor: Actor, collection: string, rkey: string): RecordView | null {
  const row = actor
    .stmt(
      `SELECT r.uri, r.cid, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
       WHERE r.collection = ? AND r.rkey = ?`,
    )
    .get(collection, rkey) as Row | undefined;
  return row ? toView(row) : null;
}

// Newest (highest rkey) first unless reversed, paging by rkey as the official PDS does.
export function listRecords(
  actor: Actor,
  opts: { collection: string; limit: number; cursor?: string; reverse?: boolean },
): { records: RecordView[]; cursor?: string } {
  const sql = opts.reverse
    ? `SELECT r.uri, r.cid, r.rkey, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
       WHERE r.collection = ? AND r.rkey > ? ORDER BY r.rkey ASC LIMIT ?`
    : `SELECT r.uri, r.cid, r.rkey, b.content FROM record r JOIN repo_block b ON b.cid = r.cid
       WHERE r.collection = ? AND r.rkey < ? ORDER BY r.rkey DESC LIMIT ?`;
  const start = opts.cursor ?? (opts.reverse ? "" : "\uffff");
  const rows = actor.stmt(sql).all(opts.collection, start, opts.limit) as unknown as (Row & {
    rkey: string;
  })[];
  const last = rows[rows.length - 1];
  return {
    records: rows.map(toView),
    cursor: rows.length === opts.limit && last ? last.rkey : undefined,
  };
}

export function listCollections(actor: Actor): string[] {
  return (
    actor.stmt("SELECT DISTINCT collection FROM record ORDER BY collection").all() as { collection: string }[]
  ).map((r) => r.collection);
}
