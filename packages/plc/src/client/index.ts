// The client half of the package, importable without the server, store or @did-plc/lib.
export type { OpSigner } from "../operations/builders.ts";
export type { DidDocument, DocumentData, ExportedOp, Operation, OpOrTombstone } from "../operations/types.ts";
export { didForGenesisOp, genesisOp, signOp, updateOp } from "./op-signing.ts";
export { PlcClient, PlcClientError, type PlcClientOptions } from "./plc-client.ts";
