// The labels this server (as a labeler) has in force on the URIs matched by uriPatterns, oldest first,
// paged by seq. A negated label and an expired one are not returned: only each label's newest state
// is kept (labels/labels-db.ts). Public, as any labeler's.
import { labelToJson } from "../../../../labels/sign-label.ts";
import { parseUriPatterns } from "../../../../labels/uri-patterns.ts";
import { invalidRequest } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Params {
  uriPatterns: string[];
  sources?: string[];
  limit?: number;
  cursor?: string;
}

export default method<Params>({
  nsid: "com.atproto.label.queryLabels",
  type: "query",
  auth: "none",
  handler: async (ctx, { params }) => {
    const uris = parseUriPatterns(params.uriPatterns);
    if (params.cursor !== undefined && !/^\d+$/.test(params.cursor)) throw invalidRequest("invalid cursor");
    const found = ctx.labels.query({
      uris,
      sources: params.sources,
      cursor: params.cursor === undefined ? 0 : Number(params.cursor),
      limit: params.limit ?? 50,
    });
    const last = found.at(-1);
    return {
      json: {
        ...(last ? { cursor: String(last.seq) } : {}),
        labels: found.map(({ label }) => labelToJson(label)),
      },
    };
  },
});
