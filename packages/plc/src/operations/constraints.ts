// Shape and size checks on an incoming operation before any cryptography, mirroring upstream's
// server/constraints.ts: the op must parse as @did-plc/lib's schema, fit in 4000 bytes of CBOR, and
// keep its lists and strings small, so the log cannot be used as free storage.
import { extractMultikey, extractPrefixedBytes, parseDidKey } from "@atproto/crypto";
import { def, type OpOrTombstone } from "@did-plc/lib";
import { cborEncodeOp } from "./encoding.ts";
import { PlcOperationError } from "./errors.ts";

export const MAX_OP_BYTES = 4000;
const MAX_AKA_ENTRIES = 10;
const MAX_AKA_LENGTH = 258; // longest handle (253) plus "at://"
const MAX_ROTATION_ENTRIES = 10;
const MAX_SERVICE_ENTRIES = 10;
const MAX_SERVICE_TYPE_LENGTH = 256;
const MAX_SERVICE_ENDPOINT_LENGTH = 512;
const MAX_VERIFICATION_METHOD_ENTRIES = 10;
const MAX_ID_LENGTH = 32;
const MAX_DID_KEY_LENGTH = 256;

function invalid(message: string): PlcOperationError {
  return new PlcOperationError("invalid-operation", message);
}

interface ZodIssueLike {
  path: (string | number)[];
  message: string;
}

function describeIssues(issues: ZodIssueLike[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/** Parses `input` as a plc_operation or plc_tombstone, or throws a PlcOperationError saying why not. */
export function assertValidIncomingOp(input: unknown): OpOrTombstone {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalid("Not a valid operation: expected a JSON object");
  }
  const type = (input as { type?: unknown }).type;
  if (type === "create") {
    throw new PlcOperationError(
      "legacy-operation",
      "Legacy 'create' operations are not accepted; submit a 'plc_operation' with prev: null instead",
    );
  }
  const schema =
    type === "plc_operation" ? def.operation : type === "plc_tombstone" ? def.tombstone : undefined;
  if (!schema) {
    throw invalid(`Not a valid operation: type must be "plc_operation" or "plc_tombstone"`);
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw invalid(`Not a valid operation: ${describeIssues(parsed.error.issues)}`);
  }
  const op = input as OpOrTombstone;
  const bytes = cborEncodeOp(op).byteLength;
  if (bytes > MAX_OP_BYTES) {
    throw invalid(`Operation too large (${bytes} bytes; ${MAX_OP_BYTES} bytes maximum in CBOR encoding)`);
  }
  if (op.type === "plc_operation") assertOperationLimits(op);
  return op;
}

function assertOperationLimits(op: Extract<OpOrTombstone, { type: "plc_operation" }>): void {
  if (op.alsoKnownAs.length > MAX_AKA_ENTRIES) {
    throw invalid(`Too many alsoKnownAs entries (max ${MAX_AKA_ENTRIES})`);
  }
  const seen = new Set<string>();
  for (const aka of op.alsoKnownAs) {
    if (aka.length > MAX_AKA_LENGTH)
      throw invalid(`alsoKnownAs entry too long (max ${MAX_AKA_LENGTH}): ${aka}`);
    if (seen.has(aka)) throw invalid(`Duplicate alsoKnownAs entry: ${aka}`);
    seen.add(aka);
  }
  if (op.rotationKeys.length > MAX_ROTATION_ENTRIES) {
    throw invalid(`Too many rotationKeys (max ${MAX_ROTATION_ENTRIES})`);
  }
  for (const key of op.rotationKeys) {
    // Rotation keys must be a type we can verify (k256 or p256), or the DID could be bricked.
    try {
      parseDidKey(key);
    } catch {
      throw invalid(`Invalid or unsupported rotation key: ${key}`);
    }
  }
  const services = Object.entries(op.services);
  if (services.length > MAX_SERVICE_ENTRIES) throw invalid(`Too many services (max ${MAX_SERVICE_ENTRIES})`);
  for (const [id, service] of services) {
    if (id.length > MAX_ID_LENGTH) throw invalid(`Service id too long (max ${MAX_ID_LENGTH}): ${id}`);
    if (service.type.length > MAX_SERVICE_TYPE_LENGTH) {
      throw invalid(`Service type too long (max ${MAX_SERVICE_TYPE_LENGTH})`);
    }
    if (service.endpoint.length > MAX_SERVICE_ENDPOINT_LENGTH) {
      throw invalid(`Service endpoint too long (max ${MAX_SERVICE_ENDPOINT_LENGTH})`);
    }
  }
  const methods = Object.entries(op.verificationMethods);
  if (methods.length > MAX_VERIFICATION_METHOD_ENTRIES) {
    throw invalid(`Too many verificationMethods (max ${MAX_VERIFICATION_METHOD_ENTRIES})`);
  }
  for (const [id, key] of methods) {
    if (id.length > MAX_ID_LENGTH)
      throw invalid(`verificationMethod id too long (max ${MAX_ID_LENGTH}): ${id}`);
    if (key.length > MAX_DID_KEY_LENGTH) {
      throw invalid(`verificationMethod key too long (max ${MAX_DID_KEY_LENGTH}): ${key}`);
    }
    // Only did:key syntax is required here: other key types are allowed in verification methods.
    try {
      extractPrefixedBytes(extractMultikey(key));
    } catch {
      throw invalid(`Invalid verificationMethod key (expected a did:key): ${key}`);
    }
  }
}
