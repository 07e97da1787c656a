// Lexicon (schema-level) validation via @atproto/lexicon, with its error message turned into a field path.
import { jsonToLex, Lexicons, lexToJson, ValidationError } from "@atproto/lexicon";
import { ATRARIUM_LEXICON_DOCS } from "./generated/lexicons.ts";
import type { AtrariumRecordNsid } from "./generated/types.ts";
import type { FieldError } from "./result.ts";

// Built on first use so importing the package (e.g. just for types or NSIDs) costs nothing.
let lexicons: Lexicons | undefined;

/** Every net.atrarium lexicon in one @atproto/lexicon registry (shared, built on first use). */
export function atrariumLexicons(): Lexicons {
  lexicons ??= new Lexicons(ATRARIUM_LEXICON_DOCS);
  return lexicons;
}

export type SchemaResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: FieldError };

/**
 * Checks `value` against the record schema. @atproto/lexicon stops at the first problem, so at most
 * one error comes back; the rules layer adds the ones lexicons cannot express.
 */
export function checkSchema(nsid: AtrariumRecordNsid, value: unknown): SchemaResult {
  try {
    // Records come as JSON; @atproto/lexicon checks blobs (and cid-links) as their runtime classes,
    // so the value is converted for the check and the answer converted back.
    const result = atrariumLexicons().validate(nsid, jsonToLex(value as Parameters<typeof jsonToLex>[0]));
    if (result.success) return { ok: true, value: lexToJson(result.value) as Record<string, unknown> };
    return { ok: false, error: toFieldError(result.error) };
  } catch (err) {
    // validate() throws (rather than returns) when the value is not an object at all.
    if (err instanceof ValidationError) return { ok: false, error: toFieldError(err) };
    throw err;
  }
}

// Messages look like `Record/moderators/3 must be a valid did` or `Params must have the property "community"`
// (Record, Value, or an XRPC method's Params, Input or Output); the path is the only machine-readable
// location @atproto/lexicon gives us.
const MESSAGE = /^(?:Record|Value|Params|Input|Output)((?:\/[^\s/]+)*) (.*)$/s;
const MISSING = /^must have the property "(.+)"$/s;

export function toFieldError(error: Error): FieldError {
  const match = MESSAGE.exec(error.message);
  if (!match) return { field: "$", message: error.message };
  const segments = match[1].split("/").filter(Boolean);
  let message = match[2];
  const missing = MISSING.exec(message);
  if (missing) {
    segments.push(missing[1]);
    message = "is required";
  }
  return { field: fieldPath(segments), message };
}

/** ["moderators", "3"] -> "moderators[3]"; ["feedMix", "own"] -> "feedMix.own"; [] -> "$". */
export function fieldPath(segments: readonly (string | number)[]): string {
  let path = "";
  for (const segment of segments) {
    if (/^\d+$/.test(String(segment))) path += `[${segment}]`;
    else path += path ? `.${segment}` : String(segment);
  }
  return path || "$";
}
