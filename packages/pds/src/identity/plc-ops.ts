// Shapes and helpers for the PLC operations this PDS signs or relays (updateHandle, the migration's
// signPlcOperation / submitPlcOperation). The lexicons type these fields `unknown`, so they are checked
// here before anything is signed or sent.
import { PlcClientError } from "@atrarium/plc/client";
import { z } from "zod";
import { XrpcError } from "../xrpc/errors.ts";

const service = z.object({ type: z.string(), endpoint: z.string() });

export const verificationMethodsSchema = z.record(z.string(), z.string().startsWith("did:key:"));
export const servicesSchema = z.record(z.string(), service);

export const plcOperationSchema = z.object({
  type: z.literal("plc_operation"),
  rotationKeys: z.array(z.string().startsWith("did:key:")),
  verificationMethods: verificationMethodsSchema,
  alsoKnownAs: z.array(z.string()),
  services: servicesSchema,
  prev: z.string().nullable(),
  sig: z.string(),
});

export function parseOrInvalid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new XrpcError(400, "InvalidRequest", `Invalid ${what}: ${parsed.error.message}`);
  return parsed.data;
}

// The handle is the first at:// entry of alsoKnownAs; other entries are kept in place.
export function withHandle(alsoKnownAs: string[], handle: string): string[] {
  const i = alsoKnownAs.findIndex((aka) => aka.startsWith("at://"));
  const entry = `at://${handle}`;
  return i < 0 ? [entry, ...alsoKnownAs] : alsoKnownAs.map((aka, j) => (j === i ? entry : aka));
}

// The directory's refusal of an operation is the caller's problem (400); anything else is upstream.
export function plcFailure(err: unknown): XrpcError {
  if (err instanceof PlcClientError && err.status >= 400 && err.status < 500)
    return new XrpcError(400, "InvalidRequest", `PLC directory refused the operation: ${err.message}`);
  return new XrpcError(502, "UpstreamFailure", `PLC directory request failed: ${(err as Error).message}`);
}
