// A private PDS for the administrator's methods: an admin password, invites required (so accounts
// have an inviter and earn codes a day, on a clock the test moves), and mail over SMTP to a server in
// the test process. Admin tests that delete accounts or disable codes then touch nothing shared.
import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { adminAuth, type CallOptions } from "./admin-client.ts";
import { type SmtpSink, startSmtpSink } from "./mail.ts";
import { OffsetClock } from "./offset-clock.ts";
import { type PrivatePds, startPrivatePds } from "./private-pds.ts";

export const DAY = 24 * 60 * 60 * 1000;

export interface Member extends TestAccount {
  inviteCode: string;
}

export interface AdminStack {
  pds: PrivatePds;
  smtp: SmtpSink;
  clock: OffsetClock;
  adminPassword: string;
  admin: CallOptions;
  /** An agent with no session. */
  anon: () => AtpAgent;
  /** A new account, signed up with a single-use code the administrator made for nobody. */
  member: () => Promise<Member>;
  close: () => Promise<void>;
}

export async function startAdminStack(): Promise<AdminStack> {
  const adminPassword = `admin-${randomBytes(8).toString("hex")}`;
  const admin = adminAuth(adminPassword);
  const clock = new OffsetClock();
  const smtp = await startSmtpSink();
  const pds = await startPrivatePds(
    {
      adminPassword,
      inviteRequired: true,
      inviteIntervalMs: DAY,
      inviteEpochMs: 0,
      emailSmtpUrl: smtp.url,
      emailFromAddress: "pds@example.test",
    },
    { clock },
  );
  const anon = () => new AtpAgent({ service: pds.pdsUrl });
  return {
    pds,
    smtp,
    clock,
    adminPassword,
    admin,
    anon,
    member: async () => {
      const { code } = (await anon().com.atproto.server.createInviteCode({ useCount: 1 }, admin)).data;
      return { ...(await createTestAccount(pds.pdsUrl, undefined, { inviteCode: code })), inviteCode: code };
    },
    close: async () => {
      await pds.close();
      await smtp.close();
    },
  };
}
