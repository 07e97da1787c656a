// The shapes the directory deals in. Wire formats (operations, tombstones, document data) are the
// reference implementation's, from @did-plc/lib, so ours cannot drift from what clients sign; what we
// add is the stored and exported form of an operation and the Multikey DID document.
import type { DocumentData, Operation, OpOrTombstone, Tombstone, UnsignedOperation } from "@did-plc/lib";

export type { DocumentData, Operation, OpOrTombstone, Tombstone, UnsignedOperation };

/** An operation as it sits in a DID's log: the CID is a string, createdAt the directory's clock. */
export interface IndexedOp {
  did: string;
  operation: OpOrTombstone;
  cid: string;
  nullified: boolean;
  createdAt: Date;
}

/** One line of `/export` and one entry of `/log/audit`. `seq` only when exporting by sequence number. */
export interface ExportedOp {
  did: string;
  operation: OpOrTombstone;
  cid: string;
  nullified: boolean;
  createdAt: string;
  seq?: number;
  type?: "sequenced_op";
}

export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase: string;
}

export interface DidService {
  id: string;
  type: string;
  serviceEndpoint: string;
}

export interface DidDocument {
  "@context": string[];
  id: string;
  alsoKnownAs: string[];
  verificationMethod: VerificationMethod[];
  service: DidService[];
}
