// The request id of the request being served, wherever code runs on its behalf: observeRequests runs
// the rest of the request inside it, and createLogger's loggers add it to every line they write
// there (`reqId`), so a line logged deep inside a store carries the id without a logger threaded
// through every call.
import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it awaits or schedules) as part of the request with this id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return current.run(requestId, fn);
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/** A pino `mixin`: `{ reqId }` inside a request, nothing outside one (a new object each time: pino
 * merges the line's own fields into it). */
export function requestIdMixin(): { reqId?: string } {
  const reqId = current.getStore();
  return reqId === undefined ? {} : { reqId };
}
