// The directory's storage: one SQLite file (WAL, survives restarts) holding every accepted operation.
// Appending validates against the DID's current log and commits in one step, so the log never forks.
// An append reads only what validation needs (the op named by `prev` and those after it, plus indexed
// counts for the per-DID caps), so a DID's long history does not make its next operation costlier.
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { closeSqlite, openSqlite, statementCache, transact } from "@atrarium/sqlite";
import type { OpOrTombstone } from "@did-plc/lib";
import { cidForOp } from "../operations/encoding.ts";
import { PlcOperationError } from "../operations/errors.ts";
import { assureValidNextOp, assureWithinRecoveryWindow } from "../operations/next-op.ts";
import {
  assureWithinOpsRateLimits,
  type OpsRateLimits,
  resolveOpsRateLimits,
} from "../operations/rate-limits.ts";
import type { ExportedOp, IndexedOp } from "../operations/types.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { OP_QUERIES, type OpRow } from "./op-queries.ts";
import { PLC_MIGRATIONS } from "./schema.ts";

export interface PlcStoreOptions {
  /** SQLite file (its directory is created); ":memory:" for a throwaway store. */
  dbPath: string;
  /** Clock in unix ms. Tests inject one to step past the 72 hour recovery window and the caps. */
  now?: () => number;
  /**
   * Per-DID caps on operations: upstream's 10 an hour, 30 a day, 100 a week unless overridden;
   * `false` switches them off (a devnet replaying many operations per DID).
   */
  rateLimits?: Partial<OpsRateLimits> | false;
  /** Told, once per append that reached the database, how long it spent in SQLite (for /metrics). */
  onAppendDbSeconds?: (seconds: number) => void;
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

function sameOps(a: readonly IndexedOp[], b: readonly IndexedOp[]): boolean {
  return a.length === b.length && a.every((op, i) => op.cid === b[i].cid);
}

export class PlcStore {
  readonly #db: DatabaseSync;
  readonly #stmt: ReturnType<typeof statementCache>;
  readonly #now: () => number;
  readonly #rateLimits: OpsRateLimits | null;
  readonly #locks = new KeyedMutex();
  readonly #onAppendDbSeconds: ((seconds: number) => void) | undefined;
  #opRowsRead = 0;
  #didCount: number | undefined;

  constructor(opts: PlcStoreOptions) {
    this.#rateLimits = resolveOpsRateLimits(opts.rateLimits);
    this.#now = opts.now ?? Date.now;
    this.#onAppendDbSeconds = opts.onAppendDbSeconds;
    this.#db = openSqlite(opts.dbPath, PLC_MIGRATIONS);
    this.#stmt = statementCache(this.#db);
  }

  /** Operation rows read from SQLite since the store opened: what tests measure an append's cost by. */
  get opRowsRead(): number {
    return this.#opRowsRead;
  }

  /** The DID's log, oldest first; nullified operations only when asked (for the audit log). */
  ops(did: string, opts: { includeNullified?: boolean } = {}): IndexedOp[] {
    const sql = opts.includeNullified ? OP_QUERIES.auditLog : OP_QUERIES.liveLog;
    return this.#rows(sql, did).map(toIndexedOp);
  }

  /** The DID's latest non-nullified operation (possibly a tombstone), or null if it was never created. */
  lastOp(did: string): IndexedOp | null {
    const row = this.#row(OP_QUERIES.lastLiveOp, did);
    return row ? toIndexedOp(row) : null;
  }

  /** Operations of all DIDs created after `after` (all when absent), oldest first, nullified included. */
  exportOps(count: number, after?: Date): ExportedOp[] {
    const rows = this.#rows(OP_QUERIES.exportAfterTime, after ? after.getTime() : -1, count);
    return rows.map((row) => toExportedOp(toIndexedOp(row)));
  }

  /** Like exportOps, paged by sequence number (upstream's newer numeric `after`). */
  exportOpsBySeq(count: number, after: number): ExportedOp[] {
    const rows = this.#rows(OP_QUERIES.exportAfterSeq, after, count);
    return rows.map((row) => ({ ...toExportedOp(toIndexedOp(row)), seq: row.seq, type: "sequenced_op" }));
  }

  /**
   * Validates `op` against the DID's current log and appends it, nullifying what it forks away.
   * Throws PlcOperationError when the operation is not acceptable.
   */
  async appendOp(did: string, op: OpOrTombstone): Promise<IndexedOp> {
    const cid = await cidForOp(op);
    return this.#locks.run(did, async () => {
      // Time in SQLite only: the signature checks between the two steps are not the database's.
      let dbMs = 0;
      const inDb = <T>(step: () => T): T => {
        const started = performance.now();
        try {
          return step();
        } finally {
          dbMs += performance.now() - started;
        }
      };
      try {
        const { at, tail } = inDb(() => {
          this.#assertNotDuplicate(did, cid);
          return { at: new Date(this.#nextTimestamp()), tail: this.#liveLogFrom(did, op.prev) };
        });
        // Signature checks are async, so they cannot run inside a node:sqlite transaction (one shared
        // connection); #commit re-reads the same tail inside the transaction and refuses if it moved.
        const { nullified } = await assureValidNextOp(did, tail, op, at);
        return inDb(() => {
          if (nullified.length === 0 && this.#rateLimits) {
            assureWithinOpsRateLimits(this.#rateLimits, at, (since) => this.#countLiveSince(did, since));
          }
          return this.#commit(did, op, cid, tail, nullified);
        });
      } finally {
        this.#onAppendDbSeconds?.(dbMs / 1000);
      }
    });
  }

  /** DIDs ever created here, tombstoned ones included: counted once, then kept up by appends. */
  didCount(): number {
    this.#didCount ??= (this.#stmt(OP_QUERIES.countDids).get() as { n: number }).n;
    return this.#didCount;
  }

  // The part of the DID's live log that decides whether an op extending `prev` is acceptable: prev and
  // every op after it (what a fork at prev would nullify). When prev is null or not in the live log,
  // only the latest op, which is all assureValidNextOp needs to refuse it (nothing for a new DID).
  #liveLogFrom(did: string, prev: string | null): IndexedOp[] {
    const prevRow = prev === null ? undefined : this.#row(OP_QUERIES.liveOpByCid, did, prev);
    if (!prevRow) {
      const last = this.#row(OP_QUERIES.lastLiveOp, did);
      return last ? [toIndexedOp(last)] : [];
    }
    return [prevRow, ...this.#rows(OP_QUERIES.liveOpsAfter, did, prevRow.created_at)].map(toIndexedOp);
  }

  #countLiveSince(did: string, since: Date): number {
    return (this.#stmt(OP_QUERIES.countLiveSince).get(did, since.getTime()) as { n: number }).n;
  }

  #commit(
    did: string,
    op: OpOrTombstone,
    cid: string,
    validated: IndexedOp[],
    nullified: string[],
  ): IndexedOp {
    let createsDid = false;
    const appended = transact(this.#db, () => {
      const current = this.#liveLogFrom(did, op.prev);
      // Every DID keeps its genesis in the live log, so an empty one means the DID is new.
      createsDid = current.length === 0;
      if (!sameOps(current, validated)) {
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
      this.#stmt(OP_QUERIES.insert).run(did, cid, JSON.stringify(op), createdAt);
      for (const c of nullified) this.#stmt(OP_QUERIES.nullify).run(did, c);
      return { did, operation: op, cid, nullified: false, createdAt: new Date(createdAt) };
    });
    if (createsDid && this.#didCount !== undefined) this.#didCount++;
    return appended;
  }

  #assertNotDuplicate(did: string, cid: string): void {
    if (this.#stmt(OP_QUERIES.exists).get(did, cid)) {
      throw new PlcOperationError("duplicate", `Operation ${cid} is already in the log of ${did}`);
    }
  }

  // Strictly increasing across the whole table, whatever the wall clock does, so /export?after=<time>
  // pages never skip or repeat an operation and each DID's log is in timestamp order.
  #nextTimestamp(): number {
    const { t } = this.#stmt(OP_QUERIES.maxCreatedAt).get() as { t: number | null };
    return Math.max(Math.floor(this.#now()), (t ?? 0) + 1);
  }

  #rows(sql: string, ...params: SQLInputValue[]): OpRow[] {
    const rows = this.#stmt(sql).all(...params) as unknown as OpRow[];
    this.#opRowsRead += rows.length;
    return rows;
  }

  #row(sql: string, ...params: SQLInputValue[]): OpRow | undefined {
    const row = this.#stmt(sql).get(...params) as unknown as OpRow | undefined;
    if (row) this.#opRowsRead++;
    return row;
  }

  healthCheck(): void {
    this.#stmt("SELECT 1").get();
  }

  close(): void {
    closeSqlite(this.#db);
  }
}
