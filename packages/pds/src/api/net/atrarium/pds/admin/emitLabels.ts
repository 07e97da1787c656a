// Applies and negates labels on an account or a record as this server's labeler: each value becomes a
// signed label (labels/label-store.ts) served by com.atproto.label.queryLabels and subscribeLabels.
// Audit-logged with its subject (the uri) like every admin method (observability/admin-actions.ts).
import type { PdsAdminEmitLabelsInput, PdsAdminEmitLabelsOutput } from "@atrarium/lexicon";
import { assertLabelSubject, assertLabelValues } from "../../../../../labels/label-subject.ts";
import { invalidRequest } from "../../../../../xrpc/errors.ts";
import { method } from "../../../../../xrpc/method.ts";

export default method({
  nsid: "net.atrarium.pds.admin.emitLabels",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { uri, cid, createLabelVals = [], negateLabelVals = [], exp } = input as PdsAdminEmitLabelsInput;
    assertLabelSubject(uri, cid);
    assertLabelValues(createLabelVals, negateLabelVals);
    if (exp !== undefined && Date.parse(exp) <= ctx.clock.now())
      throw invalidRequest("exp must be in the future");
    const stored = await ctx.labels.emit({
      uri,
      cid,
      create: createLabelVals,
      negate: negateLabelVals,
      exp: exp === undefined ? undefined : new Date(exp).toISOString(),
    });
    const out: PdsAdminEmitLabelsOutput = {
      labels: stored.map(({ seq, label: { sig: _sig, ...label } }) => ({ ...label, seq })),
    };
    return { json: out };
  },
});
