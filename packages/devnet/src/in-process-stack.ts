// PLC + PDS in this process on free loopback ports, each with its own data directory. Used by the
// Vitest globalSetup (one shared stack per test run) and by tests that need a private stack.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPds, type PdsConfig } from "@atrarium/pds";
import { createPlcServer } from "@atrarium/plc";

export interface InProcessStack {
  plcUrl: string;
  pdsUrl: string;
  dataDir: string;
  close: () => Promise<void>;
}

export async function startInProcessStack(
  opts: { dataDir?: string; pds?: Partial<PdsConfig>; keepData?: boolean } = {},
): Promise<InProcessStack> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "atrarium-devnet-"));
  const plc = await createPlcServer({
    dbPath: path.join(dataDir, "plc", "plc.sqlite"),
    port: 0,
    host: "127.0.0.1",
  });
  const pds = await createPds(
    { port: 0, dataDir: path.join(dataDir, "pds"), plcUrl: plc.url, logLevel: "warn", ...opts.pds },
    { PDS_BIND_HOST: "127.0.0.1" },
  );
  return {
    plcUrl: plc.url,
    pdsUrl: pds.url,
    dataDir,
    close: async () => {
      await pds.close();
      await plc.close();
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
