// @atrarium/plc: a persistent did:plc directory (server and store), the pure operation rules it
// enforces, and a small client.

// Operation builders from the reference implementation, so callers need not depend on it directly.
export {
  addSignature,
  atprotoOp,
  createOp,
  createUpdateOp,
  signOperation,
  updateAtprotoKeyOp,
  updateHandleOp,
  updatePdsOp,
  updateRotationKeysOp,
} from "@did-plc/lib";
export type { PlcClientOptions } from "./client/plc-client.ts";
export { PlcClient, PlcClientError } from "./client/plc-client.ts";
export { type OpSigner, signTombstone } from "./operations/builders.ts";
export { assertValidIncomingOp, MAX_OP_BYTES } from "./operations/constraints.ts";
export { formatDidDoc, opToData } from "./operations/document.ts";
export { cborEncodeOp, cidForOp } from "./operations/encoding.ts";
export { type PlcErrorReason, PlcOperationError } from "./operations/errors.ts";
export { assureValidGenesisOp, didForGenesisOp, isPlcDid, PLC_DID_PATTERN } from "./operations/genesis.ts";
export {
  assureValidNextOp,
  assureWithinRecoveryWindow,
  type NextOpResult,
  RECOVERY_WINDOW_MS,
} from "./operations/next-op.ts";
export {
  assureWithinOpsRateLimits,
  DEFAULT_OPS_RATE_LIMITS,
  type OpsRateLimits,
} from "./operations/rate-limits.ts";
export { assureValidSig, findSigner } from "./operations/signature.ts";
export type * from "./operations/types.ts";
export { createPlcApp } from "./server/app.ts";
export { createPlcServer, type PlcServer, type PlcServerOptions } from "./server/server.ts";
export { PlcStore, type PlcStoreOptions } from "./store/plc-store.ts";
