// A record a route is about to write, checked by @atrarium/lexicon (schema and rules layer) first:
// no PDS checks net.atrarium.* records, and the index skips invalid ones. A problem answers 400
// InvalidRequest naming the route's input field the record field came from (the moderation routes'
// `uri`/`did` become the record's `target`).
import type { ValidationResult } from "@atrarium/lexicon";
import { XrpcError } from "../shared/xrpc-error.ts";

export function validRecord<T>(result: ValidationResult<T>, inputFieldOf: Record<string, string> = {}): T {
  if (result.ok) return result.value;
  const [problem] = result.errors;
  const field = problem ? (inputFieldOf[problem.field] ?? problem.field) : "input";
  throw new XrpcError(400, "InvalidRequest", `${field}: ${problem?.message ?? "invalid"}`);
}

// The records the validators return are the plain JSON objects the writer sends.
export const asJson = (record: object) => record as Record<string, unknown>;
