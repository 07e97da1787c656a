// Every failure leaves as JSON `{ message }`, as upstream's express handler does. Refused operations
// are 400 (upstream maps every PlcError to 400), a lost race 409, anything unexpected a logged 500.

import type { Logger } from "@atrarium/observability";
import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PlcOperationError } from "../operations/errors.ts";

export class HttpError extends Error {
  readonly status: ContentfulStatusCode;

  constructor(status: ContentfulStatusCode, message: string) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

export function errorHandler(logger: Logger): ErrorHandler {
  return (err: Error, c: Context): Response => {
    if (err instanceof HttpError) return c.json({ message: err.message }, err.status);
    if (PlcOperationError.is(err))
      return c.json({ message: err.message }, err.reason === "conflict" ? 409 : 400);
    if (err instanceof HTTPException) {
      return c.json({ message: err.message || "Bad Request" }, err.status as ContentfulStatusCode);
    }
    logger.error({ err, reqId: c.get("requestId") }, "unexpected error");
    return c.json({ message: "Internal Server Error" }, 500);
  };
}
