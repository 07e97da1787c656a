// A PLC directory and a PDS of their own, for tests that need settings the shared devnet cannot have
// (tiny grace periods, short token lifetimes, a clock the test moves). Removed with its data on close.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DestinationStream } from "@atrarium/observability";
import { createPlcServer } from "@atrarium/plc";
import { type Clock, createPds, type Pds, type PdsConfig } from "../../src/index.ts";

export interface PrivatePds {
  plcUrl: string;
  pdsUrl: string;
  pds: Pds;
  dataDir: string;
  close: () => Promise<void>;
}

export interface PrivatePdsOptions {
  // The time the PDS decides expiry by; the wall clock if absent.
  clock?: Clock;
  // Where the PDS's JSON log lines go (stdout if absent), for tests that read them.
  logDestination?: DestinationStream;
}

export async function startPrivatePds(
  overrides: Partial<PdsConfig> = {},
  options: PrivatePdsOptions = {},
): Promise<PrivatePds> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "aurora-locus-test-"));
  const plc = await createPlcServer({ dbPath: path.join(dataDir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
  const pds = await createPds(
    {
      port: 0,
      dataDir: path.join(dataDir, "pds"),
      plcUrl: plc.url,
      logLevel: "warn",
      inviteRequired: false,
      // Limits off unless the test turns them on (rate-limits.test.ts).
      rateLimitsEnabled: false,
      ...overrides,
    },
    { PDS_BIND_HOST: "127.0.0.1" },
    {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    },
  );
  return {
    plcUrl: plc.url,
    pdsUrl: pds.url,
    pds,
    dataDir,
    close: async () => {
      await pds.close();
      await plc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
