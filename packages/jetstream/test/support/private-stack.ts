// A PLC directory, a PDS and a Jetstream of their own, for tests that need windows the shared devnet
// cannot have (tiny buffers, a one-second retention). Removed with its data on close.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPds } from "@atrarium/pds";
import { createPlcServer } from "@atrarium/plc";
import { createJetstream, type Jetstream, type JetstreamConfig } from "../../src/index.ts";

export interface PrivateStack {
  plcUrl: string;
  pdsUrl: string;
  dataDir: string;
  // Replaced by restartJetstream.
  jetstream: Jetstream;
  // Closes Jetstream and starts it again on the same data and configuration (a new port).
  restartJetstream: () => Promise<Jetstream>;
  close: () => Promise<void>;
}

export async function startPrivateStack(overrides: Partial<JetstreamConfig> = {}): Promise<PrivateStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "jetstream-test-"));
  const plc = await createPlcServer({ dbPath: path.join(dataDir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
  const pds = await createPds(
    {
      port: 0,
      dataDir: path.join(dataDir, "pds"),
      plcUrl: plc.url,
      logLevel: "warn",
      inviteRequired: false,
      rateLimitsEnabled: false,
    },
    { PDS_BIND_HOST: "127.0.0.1" },
  );
  const jetstream = await createJetstream(
    {
      port: 0,
      dataDir: path.join(dataDir, "jetstream"),
      upstreams: [pds.url],
      plcUrl: plc.url,
      logLevel: "warn",
      ...overrides,
    },
    {},
  );
  const stack: PrivateStack = {
    plcUrl: plc.url,
    pdsUrl: pds.url,
    dataDir,
    jetstream,
    restartJetstream: async () => {
      await stack.jetstream.close();
      stack.jetstream = await createJetstream({ ...stack.jetstream.cfg, port: 0 }, {});
      return stack.jetstream;
    },
    close: async () => {
      await stack.jetstream.close();
      await pds.close();
      await plc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
