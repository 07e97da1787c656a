// A private PDS for the fuzzers (a crash takes only it down, not the shared devnet) whose handle
// lookups go to a DNS server on loopback (names stay local), with one account whose session the
// authenticated cases use.
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { PdsConfig } from "../../src/index.ts";
import { type LoopbackDns, startLoopbackDns } from "../support/loopback-dns.ts";
import { type PrivatePds, startPrivatePds } from "../support/private-pds.ts";

const ADMIN_PASSWORD = "fuzz-admin-password";
// The administrator's HTTP Basic credential on the fuzzed PDS.
export const ADMIN_AUTHORIZATION = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`;

export interface FuzzPds {
  stack: PrivatePds;
  account: TestAccount;
  accessJwt: string;
  close: () => Promise<void>;
}

export async function startFuzzPds(overrides: Partial<PdsConfig> = {}): Promise<FuzzPds> {
  const dns: LoopbackDns = await startLoopbackDns();
  const stack = await startPrivatePds({
    handleDnsServers: [dns.server],
    logLevel: "error",
    adminPassword: ADMIN_PASSWORD,
    ...overrides,
  });
  const account = await createTestAccount(stack.pdsUrl);
  const accessJwt = account.agent.session?.accessJwt;
  if (!accessJwt) throw new Error("test account has no session");
  return {
    stack,
    account,
    accessJwt,
    close: async () => {
      await stack.close();
      await dns.close();
    },
  };
}

// The server still answers after a run (it did not crash or wedge).
export async function expectAlive(pdsUrl: string): Promise<void> {
  const res = await fetch(`${pdsUrl}/xrpc/com.atproto.server.describeServer`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`PDS answers ${res.status} after the run`);
}
