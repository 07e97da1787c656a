// The id that ties one request's log line, its response and whatever a caller or proxy logged about
// it. An incoming `x-request-id` is kept when it is a plain token (so a proxy's id carries through),
// never when it could smuggle spaces, quotes or newlines into our logs; otherwise we make one.
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The incoming id when it is a sane token (1-128 of `[A-Za-z0-9._-]`), else undefined. */
export function acceptRequestId(incoming: string | undefined): string | undefined {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : undefined;
}

/** The incoming id if acceptable, else a fresh UUID. */
export function requestIdFor(incoming: string | undefined): string {
  return acceptRequestId(incoming) ?? randomUUID();
}
