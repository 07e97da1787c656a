// What one verified firehose message of an upstream becomes in the log, under the trust rules: the
// upstream must be the PDS the DID's document names (else the event is dropped and counted), commits
// must verify against the DID's key, and a commit's events carry the rev of the signed commit object,
// with that rev handed to the log, which stores the commit only if the repo's revs move forward.
import type { IdResolver } from "@atproto/identity";
import { parseAccount, parseIdentity } from "@atproto/sync";
import type { Logger } from "pino";
import { accountDraft, commitDraft, identityDraft } from "../events/from-firehose.ts";
import type { EventDraft } from "../events/jetstream-event.ts";
import type { RepoRev } from "../store/event-log.ts";
import type { FirehoseMessage } from "./firehose-message.ts";
import { isHostedBy } from "./hosting.ts";
import { type CommitBody, parseSignedCommit } from "./signed-commit.ts";
import type { UpstreamStats } from "./upstream-stats.ts";

type IdentityBody = Parameters<typeof parseIdentity>[1];
type AccountBody = Parameters<typeof parseAccount>[0];
export type RepoMessage = Exclude<FirehoseMessage, { kind: "info" }>;

export interface UpstreamEvents {
  drafts: EventDraft[];
  // Set for a commit with events: the log checks and advances the repo's rev with them.
  repoRev?: RepoRev;
}

export interface UpstreamContext {
  upstream: string;
  idResolver: IdResolver;
  stats: UpstreamStats;
  logger: Logger;
}

const NOTHING: UpstreamEvents = { drafts: [] };

export async function upstreamEvents(msg: RepoMessage, ctx: UpstreamContext): Promise<UpstreamEvents> {
  const { idResolver, stats } = ctx;
  switch (msg.kind) {
    case "commit": {
      const body = msg.body as CommitBody;
      if (!(await hostedHere(ctx, body.repo))) return NOTHING;
      const { events, rev } = await parseSignedCommit(idResolver, body);
      stats.opsUnverified += body.ops.length - events.length;
      if (rev === null) return NOTHING;
      if (rev !== body.rev) {
        // Emitted with the signed rev rather than dropped: the ops are proven against the signed commit,
        // so the events are the repo's own; only the unsigned envelope lied, and the rev check below
        // judges the commit by the rev that counts.
        stats.revForged++;
        ctx.logger.warn(
          { did: body.repo, frameRev: body.rev, rev, upstream: ctx.upstream },
          "forged frame rev",
        );
      }
      return { drafts: events.map((evt) => commitDraft(evt, rev)), repoRev: { did: body.repo, rev } };
    }
    case "identity": {
      const body = msg.body as IdentityBody;
      if (!(await hostedHere(ctx, body.did, true))) return NOTHING;
      const evt = await parseIdentity(idResolver, body);
      return evt ? { drafts: [identityDraft(evt)] } : NOTHING;
    }
    case "account": {
      const body = msg.body as AccountBody;
      if (!(await hostedHere(ctx, body.did))) return NOTHING;
      const evt = parseAccount(body);
      if (!evt) stats.invalidSkipped++;
      return evt ? { drafts: [accountDraft(evt)] } : NOTHING;
    }
    case "sync":
      // Jetstream v1 has no #sync kind (upstream skips it on /subscribe): count it, advance past it.
      stats.syncSkipped++;
      return NOTHING;
  }
}

async function hostedHere(ctx: UpstreamContext, did: string, refresh = false): Promise<boolean> {
  if (await isHostedBy(ctx.idResolver, did, ctx.upstream, refresh)) return true;
  ctx.stats.wrongHost++;
  ctx.logger.warn({ did, upstream: ctx.upstream }, "dropping event of a DID hosted elsewhere");
  return false;
}
