// Building and signing operations, for our PDS, tests and scripts. The plc_operation builders are
// @did-plc/lib's (re-exported from the package index); a tombstone needs only the prev CID as a
// string here, where the lib's tombstoneOp wants a multiformats CID object.
import { addSignature, type Tombstone } from "@did-plc/lib";

export interface OpSigner {
  sign(msg: Uint8Array): Promise<Uint8Array>;
  did(): string;
}

export async function signTombstone(prev: string, signer: OpSigner): Promise<Tombstone> {
  return addSignature({ type: "plc_tombstone" as const, prev }, signer);
}
