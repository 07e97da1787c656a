// Parameters checked against a method's Zod schema; the first problem becomes a 400 InvalidRequest.
import type { z } from "zod";
import { XrpcError } from "../shared/xrpc-error.ts";

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join(".") || "input";
    throw new XrpcError(400, "InvalidRequest", `${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}
