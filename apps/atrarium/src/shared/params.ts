// Query-parameter validation with Zod; failures become InvalidRequest naming the parameter.
import type { z } from "zod";
import { XrpcError } from "./xrpc-error.ts";

export function parseParams<T extends z.ZodType>(schema: T, url: string): z.infer<T> {
  const query = Object.fromEntries(new URL(url).searchParams);
  const result = schema.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join(".") || "params";
    throw new XrpcError(400, "InvalidRequest", `${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}
