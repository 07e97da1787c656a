// A report goes to the moderation service the client names or this PDS is configured with (the router
// proxies it); with neither, it is kept in the local moderation queue for the administrator.

import { authorizeRpc } from "../../../../auth/oauth-permissions.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

// The subjects a moderator here can act on (the lexicon's union is open to others).
const SUBJECT_TYPES = new Set(["com.atproto.admin.defs#repoRef", "com.atproto.repo.strongRef"]);

interface Input {
  reasonType: string;
  reason?: string;
  subject: Record<string, unknown> & { $type?: string };
}

export default method({
  nsid: "com.atproto.moderation.createReport",
  type: "procedure",
  auth: "access",
  oauth: authorizeRpc("com.atproto.moderation.createReport"),
  onlyWithoutService: true,
  handler: async (ctx, { input, caller }) => {
    const body = input as Input;
    if (!SUBJECT_TYPES.has(body.subject.$type ?? "")) {
      throw new XrpcError(400, "InvalidRequest", `Unsupported report subject: ${String(body.subject.$type)}`);
    }
    const report = await ctx.reports.add({
      reasonType: body.reasonType,
      reason: body.reason,
      subject: body.subject,
      reportedBy: caller?.did as string,
    });
    return { json: report };
  },
});
