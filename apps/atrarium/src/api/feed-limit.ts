// getFeedSkeleton is rate-limited per viewer when the AppView sends a viewer JWT (aud our service
// DID or #bsky_fg, lxm getFeedSkeleton). Anonymous feed requests are not limited here.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { xrpcErrorResponse } from "../shared/xrpc-error.ts";
import { gate } from "./gate.ts";

export const feedRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.req.header("authorization")) return next();
  const headers: Record<string, string> = {};
  try {
    await gate(c, { lxm: "app.bsky.feed.getFeedSkeleton", auth: "optional", limit: "FEED" }, headers);
  } catch (err) {
    const res = xrpcErrorResponse(c, err);
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  }
  await next();
  for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
};
