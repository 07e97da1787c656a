// Turns API input into prepared writes: collection/rkey syntax, `$type`, lexicon validation of known
// record types, and the record's DAG-CBOR bytes and CID. Pure apart from the lexicon lookups.
import { TID } from "@atproto/common";
import { cidForLex, encode } from "@atproto/lex-cbor";
import type { Cid, LexMap } from "@atproto/lex-data";
import { jsonToLex } from "@atproto/lex-json";
import { jsonToLex as jsonToLexiconValue, type Lexicons } from "@atproto/lexicon";
import { ensureValidNsid, ensureValidRecordKey } from "@atproto/syntax";
import { invalidRequest } from "../xrpc/errors.ts";
import { checkRecordKeyType } from "./record-key-type.ts";

export type ValidationStatus = "valid" | "unknown" | undefined;

export interface PreparedCreate {
  action: "create";
  collection: string;
  rkey: string;
  record: LexMap;
  bytes: Uint8Array;
  cid: Cid;
  validationStatus: ValidationStatus;
  // undefined: no condition; null: the record must not exist yet; a CID: it must currently have it.
  swapCid?: Cid | null;
}

export interface PreparedUpdate extends Omit<PreparedCreate, "action"> {
  action: "update";
}

export interface PreparedDelete {
  action: "delete";
  collection: string;
  rkey: string;
  swapCid?: Cid | null;
}

export type PreparedWrite = PreparedCreate | PreparedUpdate | PreparedDelete;

export interface RecordInput {
  collection: string;
  rkey?: string;
  record: unknown;
  validate?: boolean;
}

export function checkCollection(collection: string): void {
  try {
    ensureValidNsid(collection);
  } catch {
    throw invalidRequest(`Invalid collection: ${collection}`);
  }
}

export function checkRkey(rkey: string): void {
  try {
    ensureValidRecordKey(rkey);
  } catch {
    throw invalidRequest(`Invalid record key: ${rkey}`);
  }
}

export async function prepareRecordWrite(
  lexicons: Lexicons,
  action: "create" | "update",
  input: RecordInput,
): Promise<PreparedCreate | PreparedUpdate> {
  checkCollection(input.collection);
  const rkey = input.rkey ?? TID.nextStr();
  checkRkey(rkey);
  if (typeof input.record !== "object" || input.record === null || Array.isArray(input.record)) {
    throw invalidRequest("Record must be an object", "InvalidRecord");
  }
  let record: LexMap;
  try {
    record = jsonToLex(input.record as never) as LexMap;
  } catch (err) {
    throw invalidRequest(`Invalid record: ${(err as Error).message}`, "InvalidRecord");
  }
  if (record.$type === undefined) record = { ...record, $type: input.collection };
  if (record.$type !== input.collection) {
    throw invalidRequest(
      `Invalid $type: expected ${input.collection}, got ${String(record.$type)}`,
      "InvalidRecord",
    );
  }
  const validationStatus = validateRecord(lexicons, input.collection, input.record, input.validate);
  if (validationStatus === "valid") checkRecordKeyType(lexicons, input.collection, rkey);
  const bytes = encode(record);
  const cid = await cidForLex(record);
  return { action, collection: input.collection, rkey, record, bytes, cid, validationStatus };
}

// As the official PDS: known lexicons are validated unless validate=false; unknown ones are stored
// as-is unless validate=true demands a schema.
function validateRecord(
  lexicons: Lexicons,
  nsid: string,
  json: unknown,
  validate?: boolean,
): ValidationStatus {
  if (validate === false) return undefined;
  const known = lexicons.getDef(nsid) !== undefined;
  if (!known) {
    if (validate === true) throw invalidRequest(`Lexicon not found: lex:${nsid}`, "InvalidRecord");
    return "unknown";
  }
  // @atproto/lexicon's validator knows blob refs only as its own BlobRef objects, which its own JSON
  // decoder makes; the stored record comes from @atproto/lex-json (plain objects, same CBOR).
  const record = { ...(jsonToLexiconValue(json as never) as object), $type: nsid };
  try {
    lexicons.assertValidRecord(nsid, record);
  } catch (err) {
    throw invalidRequest(`Invalid ${nsid} record: ${(err as Error).message}`, "InvalidRecord");
  }
  return "valid";
}
