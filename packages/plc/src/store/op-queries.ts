// The SQL the store runs, in one place so tests can ask SQLite how it plans each query (an append
// must search indexes, never scan a DID's log). "nullified = 0" is written out, not bound, so SQLite
// can use the partial index operations_did_live.

const COLUMNS = "seq, did, cid, operation, nullified, created_at";

export const OP_QUERIES = {
  liveLog: `SELECT ${COLUMNS} FROM operations WHERE did = ? AND nullified = 0 ORDER BY seq`,
  auditLog: `SELECT ${COLUMNS} FROM operations WHERE did = ? ORDER BY seq`,
  lastLiveOp: `SELECT ${COLUMNS} FROM operations WHERE did = ? AND nullified = 0
               ORDER BY created_at DESC LIMIT 1`,
  liveOpByCid: `SELECT ${COLUMNS} FROM operations WHERE did = ? AND cid = ? AND nullified = 0`,
  liveOpsAfter: `SELECT ${COLUMNS} FROM operations WHERE did = ? AND nullified = 0 AND created_at > ?
                 ORDER BY created_at`,
  countLiveSince: `SELECT count(*) AS n FROM operations WHERE did = ? AND nullified = 0 AND created_at > ?`,
  // Once per process, on the first /metrics scrape (a walk of the operations_did index); the store then
  // counts new DIDs itself.
  countDids: "SELECT count(DISTINCT did) AS n FROM operations",
  exists: "SELECT 1 AS found FROM operations WHERE did = ? AND cid = ?",
  maxCreatedAt: "SELECT max(created_at) AS t FROM operations",
  insert: "INSERT INTO operations (did, cid, operation, nullified, created_at) VALUES (?, ?, ?, 0, ?)",
  nullify: "UPDATE operations SET nullified = 1 WHERE did = ? AND cid = ?",
  exportAfterTime: `SELECT ${COLUMNS} FROM operations WHERE created_at > ? ORDER BY created_at, seq LIMIT ?`,
  exportAfterSeq: `SELECT ${COLUMNS} FROM operations WHERE seq > ? ORDER BY seq LIMIT ?`,
} as const;

/** A row of `operations` as the SELECTs above return it. */
export interface OpRow {
  seq: number;
  did: string;
  cid: string;
  operation: string;
  nullified: number;
  created_at: number;
}
