// Whether a proposed operation may extend a DID's log, the heart of did:plc. Follows upstream's
// assureValidNextOp (did-method-plc lib/data.ts), taking the directory's timestamp as an argument so
// the 72 hour recovery window and monotonic timestamps are checked against one clock (and testable).
// @did-plc/lib 0.0.4's own version reads Date.now() and predates those checks, hence this one.
import type { OpOrTombstone } from "@did-plc/lib";
import { PlcOperationError } from "./errors.ts";
import { assureValidGenesisOp } from "./genesis.ts";
import { findSigner } from "./signature.ts";
import type { IndexedOp } from "./types.ts";

export const RECOVERY_WINDOW_MS = 72 * 60 * 60 * 1000;

export interface NextOpResult {
  /** CID the operation extends; null for a genesis operation. */
  prev: string | null;
  /** CIDs of the operations this one nullifies (a fork at `prev` by a higher-priority rotation key). */
  nullified: string[];
}

/**
 * Validates `proposed` against `ops`, the DID's current (non-nullified) log in order, as if accepted
 * at `proposedDate`. Throws a PlcOperationError with the reason; returns what accepting it changes.
 * Only the end of the log matters, so `ops` may be any suffix of it that starts at `proposed.prev`
 * (or, when prev is null or not in the log, holds at least the latest op): the store passes no more.
 */
export async function assureValidNextOp(
  did: string,
  ops: readonly IndexedOp[],
  proposed: OpOrTombstone,
  proposedDate: Date,
): Promise<NextOpResult> {
  if (ops.length === 0) {
    await assureValidGenesisOp(did, proposed);
    return { prev: null, nullified: [] };
  }
  const latest = ops[ops.length - 1];
  if (proposedDate.getTime() <= latest.createdAt.getTime()) {
    throw new PlcOperationError(
      "misordered",
      "Operation timestamp must be later than the DID's latest operation",
    );
  }
  if (proposed.prev === null) {
    throw new PlcOperationError(
      "misordered",
      `${did} already exists; only its genesis operation has prev: null`,
    );
  }
  const prevIndex = ops.findIndex((op) => op.cid === proposed.prev);
  if (prevIndex < 0) {
    throw new PlcOperationError(
      "misordered",
      `prev ${proposed.prev} is not an operation in the current log of ${did} (unknown or nullified)`,
    );
  }
  const prevOp = ops[prevIndex].operation;
  if (prevOp.type === "plc_tombstone") {
    throw new PlcOperationError("tombstoned", `DID not available: ${did} (tombstoned; nothing may follow)`);
  }
  const rotationKeys = prevOp.rotationKeys;
  const nullified = ops.slice(prevIndex + 1);
  if (nullified.length === 0) {
    const signer = await findSigner(rotationKeys, proposed);
    if (!signer) {
      throw new PlcOperationError("invalid-signature", `Operation is not signed by a rotation key of ${did}`);
    }
    return { prev: proposed.prev, nullified: [] };
  }
  return assureValidNullification(did, rotationKeys, nullified, proposed, proposedDate);
}

// A fork at `prev`: allowed only for a rotation key listed before (so with more authority than) the
// one that signed the first operation being discarded, and only within 72 hours of that operation.
async function assureValidNullification(
  did: string,
  rotationKeys: readonly string[],
  nullified: readonly IndexedOp[],
  proposed: OpOrTombstone,
  proposedDate: Date,
): Promise<NextOpResult> {
  const first = nullified[0];
  const disputedSigner = await findSigner(rotationKeys, first.operation);
  if (!disputedSigner) {
    // It was accepted against these same keys, so only a corrupted log gets here.
    throw new PlcOperationError("invalid-signature", `Stored operation ${first.cid} has no valid signer`);
  }
  const disputedIndex = rotationKeys.indexOf(disputedSigner);
  const signer = await findSigner(rotationKeys.slice(0, disputedIndex), proposed);
  if (!signer) {
    const anySigner = await findSigner(rotationKeys, proposed);
    throw new PlcOperationError(
      "invalid-signature",
      anySigner
        ? `Nullifying ${first.cid} needs a rotation key with higher priority than rotationKeys[${disputedIndex}], ` +
            `which signed it; this operation is signed by rotationKeys[${rotationKeys.indexOf(anySigner)}]`
        : `Operation is not signed by a rotation key of ${did}`,
    );
  }
  assureWithinRecoveryWindow(first.createdAt, proposedDate);
  return { prev: proposed.prev, nullified: nullified.map((op) => op.cid) };
}

/** Throws unless `at` is within the 72 hour recovery window of the first operation it nullifies. */
export function assureWithinRecoveryWindow(firstNullifiedAt: Date, at: Date): void {
  const lapsed = at.getTime() - firstNullifiedAt.getTime();
  if (lapsed > RECOVERY_WINDOW_MS) {
    throw new PlcOperationError(
      "late-recovery",
      `Recovery operation occurred outside of the allowed 72 hr recovery window (${Math.round(lapsed / 3_600_000)} h after the first nullified operation)`,
    );
  }
}
