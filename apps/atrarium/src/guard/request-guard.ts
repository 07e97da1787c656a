// One Durable Object per rate-limited subject (`did:<did>`, `ip:<address>`, `feed:<viewer did>`,
// `rebuild:<community id>`): its fixed-window budgets, and for DIDs the replay keys of service JWTs
// already used, kept until they expire so a token cannot be replayed within its lifetime. One call
// checks and charges everything a request needs from this subject, so a signed-in request costs one
// round trip here per subject.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import {
  type Decision,
  migrateGuard,
  type NamedLimit,
  peekWindow,
  recordWindow,
  useToken,
} from "./guard-store.ts";

export type { Decision, NamedLimit } from "./guard-store.ts";

export interface AdmitRequest {
  // Windows this request is charged to; the first one's decision is the one reported to the caller.
  charge: NamedLimit[];
  // Windows that must still have room, without being charged (an IP whose failed authentications
  // used up its budget is refused before its next token is verified).
  require?: NamedLimit[];
  // The replay key of a verified service JWT and its exp (unix seconds).
  token?: { key: string; exp: number };
}

export type AdmitResult =
  | { replayed: true }
  // `decision`: the refusing window's when refused, else the first charged window's (null if none).
  | { replayed: false; allowed: boolean; decision: Decision | null };

export class RequestGuard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrateGuard(this.sql);
  }

  admit(req: AdmitRequest): AdmitResult {
    const now = Date.now();
    // A used token is refused even when the budget is gone, and is used up even when refused.
    if (req.token && useToken(this.sql, req.token.key, req.token.exp, now)) return { replayed: true };
    for (const limit of req.require ?? []) {
      const decision = peekWindow(this.sql, limit, now);
      if (!decision.allowed) return { replayed: false, allowed: false, decision: withoutNext(decision) };
    }
    const decisions = req.charge.map((rule) => ({ rule, ...peekWindow(this.sql, rule, now) }));
    const refused = decisions.find((d) => !d.allowed);
    if (refused) return { replayed: false, allowed: false, decision: withoutNext(refused) };
    for (const d of decisions) recordWindow(this.sql, d.rule.window, d.next);
    const [head] = decisions;
    return { replayed: false, allowed: true, decision: head ? withoutNext(head) : null };
  }
}

const withoutNext = ({ allowed, limit, remaining, resetMs }: Decision): Decision => ({
  allowed,
  limit,
  remaining,
  resetMs,
});
