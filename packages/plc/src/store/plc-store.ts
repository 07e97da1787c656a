// The directory's storage: one SQLite file (WAL, survives restarts) holding every accepted operation.
// Appending validates against the DID's current log and commits in one step, so the log never forks.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { OpOrTombstone } from "@did-plc/lib";
import { cidForOp } from "../operations/encoding.ts";
import { PlcOperationError } from "../operations/errors.ts";
import { assureValidNextOp, assureWithinRecoveryWindow } from "../operations/next-op.ts";
import type { ExportedOp, IndexedOp } from "../operations/types.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { migrate } from "./schema.ts";

export interface PlcStoreOptions {
  /** SQLite file (its directory is created); ":memory:" for a throwaway store. */
  dbPath: string;
  /** Clock in unix ms. Tests inject one to step past the 72 hour recovery window. */
  now?: () => number;
}

interface OpRow {
  seq: number;
  did: string;
  cid: string;
  operation: string;
  nullified: number;
  created_at: number;
}

function toIndexedOp(row: OpRow): IndexedOp {
  return {
    did: row.did,
    operation: JSON.parse(row.operation) as OpOrTombstone,
    cid: row.cid,
    nullified: row.nullified === 1,
    createdAt: new Date(row.created_at),
  };
}

export function toExportedOp(op: IndexedOp): ExportedOp {
  return { ...op, createdAt: op.createdAt.toISOString() };
}

const COLUMNS = "seq, did, cid, operation, nullified, created_at";

export class PlcStore {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #locks = new KeyedMutex();
  readonly #sql: Record<
    | "log"
    | "auditLog"
    | "last"
    | "exists"
    | "maxCreatedAt"
    | "insert"
    | "nullify"
    | "exportAfterTime"
    | "exportAfterSeq",
    StatementSync
  >;

  constructor(opts: PlcStoreOptions) {
    if (opts.dbPath !== ":memory:") mkdirSync(path.dirname(path.resolve(opts.dbPath)), { recursive: true });
    this.#now = opts.now ?? Date.now;
    this.#db = new DatabaseSync(opts.dbPath);
    // busy_timeout: another process on the same file (a second server, a CLI) waits instead of failing.
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
    migrate(this.#db);
    const db = this.#db;
    this.#sql = {
      log: db.prepare(`SELECT ${COLUMNS} FROM operations WHERE did = ? AND nullified = 0 ORDER BY seq`),
      auditLog: db.prepare(`SELECT ${COLUMNS} FROM operations WHERE did = ? ORDER BY seq`),
      last: db.prepare(
        `SELECT ${COLUMNS} FROM operations WHERE did = ? AND nullified = 0 ORDER BY seq DESC LIMIT 1`,
      ),
      exists: db.prepare("SELECT 1 AS found FROM operations WHERE did = ? AND cid = ?"),
      maxCreatedAt: db.prepare("SELECT max(created_at) AS t FROM operations"),
      insert: db.prepare(
        "INSERT INTO operations (did, cid, operation, nullified, created_at) VALUES (?, ?, ?, 0, ?)",
      ),
      nullify: db.prepare("UPDATE operations SET nullified = 1 WHERE did = ? AND cid = ?"),
      exportAfterTime: db.prepare(
        `SELECT ${COLUMNS} FROM operations WHERE created_at > ? ORDER BY created_at, seq LIMIT ?`,
      ),
      exportAfterSeq: db.prepare(`SELECT ${COLUMNS} FROM operations WHERE seq > ? ORDER BY seq LIMIT ?`),
    };
  }

  /** The DID's log, oldest first; nullified operations only when asked (for the audit log). */
  ops(did: string, opts: { includeNullified?: boolean } = {}): IndexedOp[] {
    const stmt = opts.includeNullified ? this.#sql.auditLog : this.#sql.log;
    return (stmt.all(did) as unknown as OpRow[]).map(toIndexedOp);
  }

  /** The DID's latest non-nullified operation (possibly a tombstone), or null if it was never created. */
  lastOp(did: string): IndexedOp | null {
    const row = this.#sql.last.get(did) as unknown as OpRow | undefined;
    return row ? toIndexedOp(row) : null;
  }

  /** Operations of all DIDs created after `after` (all when absent), oldest first, nullified included. */
  exportOps(count: number, after?: Date): ExportedOp[] {
    const rows = this.#sql.exportAfterTime.all(after ? after.getTime() : -1, count) as unknown as OpRow[];
    return rows.map((row) => toExportedOp(toIndexedOp(row)));
  }

  /** Like exportOps, paged by sequence number (upstream's newer numeric `after`). */
  exportOpsBySeq(count: number, after: number): ExportedOp[] {
    const rows = this.#sql.exportAfterSeq.all(after, count) as unknown as OpRow[];
    return rows.map((row) => ({ ...toExportedOp(toIndexedOp(row)), seq: row.seq, type: "sequenced_op" }));
  }

  /**
   * Validates `op` against the DID's current log and appends it, nullifying what it forks away.
   * Throws PlcOperationError when the operation is not acceptable.
   */
  async appendOp(did: string, op: OpOrTombstone): Promise<IndexedOp> {
    const cid = await cidForOp(op);
    return this.#locks.run(did, async () => {
      this.#assertNotDuplicate(did, cid);
      const log = this.ops(did);
      // Signature checks are async, so they cannot run inside a node:sqlite transaction (one shared
      // connection); #commit re-reads the log inside the transaction and refuses if it moved.
      const { nullified } = await assureValidNextOp(did, log, op, new Date(this.#nextTimestamp()));
      return this.#commit(did, op, cid, log, nullified);
    });
  }

  #commit(
    did: string,
    op: OpOrTombstone,
    cid: string,
    validated: IndexedOp[],
    nullified: string[],
  ): IndexedOp {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const current = this.ops(did);
      if (current.length !== validated.length || current.some((o, i) => o.cid !== validated[i].cid)) {
        throw new PlcOperationError(
          "conflict",
          `The log of ${did} changed while the operation was validated; retry`,
        );
      }
      this.#assertNotDuplicate(did, cid);
      const createdAt = this.#nextTimestamp();
      if (nullified.length > 0) {
        const first = current.find((o) => o.cid === nullified[0]);
        if (first) assureWithinRecoveryWindow(first.createdAt, new Date(createdAt));
      }
      this.#sql.insert.run(did, cid, JSON.stringify(op), createdAt);
      for (const c of nullified) this.#sql.nullify.run(did, c);
      this.#db.exec("COMMIT");
      return { did, operation: op, cid, nullified: false, createdAt: new Date(createdAt) };
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  #assertNotDuplicate(did: string, cid: string): void {
    if (this.#sql.exists.get(did, cid)) {
      throw new PlcOperationError("duplicate", `Operation ${cid} is already in the log of ${did}`);
    }
  }

  // Strictly increasing across the whole table, whatever the wall clock does, so /export?after=<time>
  // pages never skip or repeat an operation and each DID's log is in timestamp order.
  #nextTimestamp(): number {
    const { t } = this.#sql.maxCreatedAt.get() as { t: number | null };
    return Math.max(Math.floor(this.#now()), (t ?? 0) + 1);
  }

  healthCheck(): void {
    this.#db.prepare("SELECT 1").get();
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
