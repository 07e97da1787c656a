// Deprecated for getRepo, still served as the official PDS does: the whole repo as a CAR, which is
// exactly getRepo without `since` (streamed the same way).
import { method } from "../../../../xrpc/method.ts";
import getRepo from "./getRepo.ts";

export default method<{ did: string }>({
  nsid: "com.atproto.sync.getCheckout",
  type: "query",
  auth: "none",
  handler: (ctx, req) => getRepo.handler(ctx, { ...req, params: { did: req.params.did } as never }),
});
