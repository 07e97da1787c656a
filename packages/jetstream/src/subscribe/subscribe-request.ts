// The query of a `/subscribe` request: filter, replay position and requireHello, or the 400 that a
// malformed one gets (before any upgrade, as upstream v1 does).
import { type JsonResponse, xrpcError } from "../http/responses.ts";
import { CursorError, replayPosition } from "./cursor.ts";
import { type Filter, FilterError, filterFromQuery } from "./filter.ts";

export interface SubscribeRequest {
  filter: Filter;
  // Replay the events with time_us > position; null for the live tip.
  position: number | null;
  requireHello: boolean;
}

export function parseSubscribeRequest(params: URLSearchParams): SubscribeRequest | JsonResponse {
  try {
    return {
      filter: filterFromQuery(params),
      position: replayPosition(params.get("cursor"), Date.now() * 1000),
      requireHello: params.get("requireHello") === "true",
    };
  } catch (err) {
    if (err instanceof FilterError || err instanceof CursorError) {
      return xrpcError(400, "InvalidRequest", err.message);
    }
    throw err;
  }
}

export const isRefusal = (parsed: SubscribeRequest | JsonResponse): parsed is JsonResponse =>
  "status" in parsed;
