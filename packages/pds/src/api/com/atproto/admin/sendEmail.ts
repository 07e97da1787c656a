// Mails an account (deactivated and taken-down ones included) through the PDS's mailer, as the
// official PDS's moderation mail does: the content is the body, the subject defaults to "Message via
// your PDS". senderDid and comment are for the moderation service's records; this PDS keeps no such
// record beyond the admin action log.
import { requireAccount } from "../../../../account/require-account.ts";
import { invalidRequest } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

interface Input {
  recipientDid: string;
  content: string;
  subject?: string;
  senderDid: string;
  comment?: string;
}

const DEFAULT_SUBJECT = "Message via your PDS";

export default method({
  nsid: "com.atproto.admin.sendEmail",
  type: "procedure",
  auth: "admin",
  handler: async (ctx, { input }) => {
    const { recipientDid, content, subject = DEFAULT_SUBJECT } = input as Input;
    const account = await requireAccount(ctx, recipientDid);
    if (!account.email) throw invalidRequest("account does not have an email address");
    await ctx.mailer.send({ to: account.email, subject, text: content });
    return { json: { sent: true } };
  },
});
