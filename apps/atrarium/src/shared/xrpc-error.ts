// XRPC error bodies `{error, message}` with the status the lexicon error implies.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class XrpcError extends Error {
  readonly status: ContentfulStatusCode;
  readonly error: string;

  constructor(status: ContentfulStatusCode, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

export function xrpcErrorResponse(c: Context, err: unknown): Response {
  if (err instanceof XrpcError) return c.json({ error: err.error, message: err.message }, err.status);
  console.error("unhandled error", err);
  return c.json({ error: "InternalServerError", message: "Internal Server Error" }, 500);
}
