// A PLC directory, a PDS and a Jetstream of their own, for tests that need windows the shared devnet
// cannot have (tiny buffers, a one-second retention). Removed with its data on close.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPds } from "@atrarium/pds";
import { createPlcServer } from "@atrarium/plc";
import { createJetstream, type Jetstream, type JetstreamConfig } from "../../src/index.ts";

export interface PrivateStack {
  pdsUrl: string;
  jetstream: Jetstream;
  close: () => Promise<void>;
}

export async function startPrivateStack(overrides: Partial<JetstreamConfig> = {}): Promise<PrivateStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "jetstream-test-"));
  const plc = await createPlcServer({ dbPath: path.join(dataDir, "plc.sqlite"), port: 0, host: "127.0.0.1" });
  const pds = await createPds(
    { port: 0, dataDir: path.join(dataDir, "pds"), plcUrl: plc.url, logLevel: "warn" },
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
  return {
    pdsUrl: pds.url,
    jetstream,
    close: async () => {
      await jetstream.close();
      await pds.close();
      await plc.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
