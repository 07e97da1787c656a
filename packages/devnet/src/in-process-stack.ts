// PLC + PDS + Jetstream in this process on free loopback ports, each with its own data directory. Used
// by the Vitest globalSetup (one shared stack per test run) and by tests that need a private stack
// (overrides such as tiny retention windows). Jetstream is opt-in (`jetstream: true` or overrides), so
// private stacks that do not need it stay as cheap as before. With Jetstream, the PDS tells it of new
// events (PDS_CRAWLERS) and Jetstream crawls any loopback port, so a second PDS a test starts with
// `crawlers: [jetstreamUrl]` joins the stream without a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createJetstream, type Jetstream, type JetstreamConfig } from "@atrarium/jetstream";
import { createPds, type Pds, type PdsConfig } from "@atrarium/pds";
import { createPlcServer } from "@atrarium/plc";
import { freePorts } from "@atrarium/testkit";
import { DEVNET_ADMIN_PASSWORD } from "./demo-data.ts";

export interface InProcessStack {
  plcUrl: string;
  pdsUrl: string;
  // Present when started with `jetstream`.
  jetstreamUrl?: string;
  jetstream?: Jetstream;
  pds: Pds;
  dataDir: string;
  close: () => Promise<void>;
}

export interface InProcessStackOptions {
  dataDir?: string;
  pds?: Partial<PdsConfig>;
  jetstream?: Partial<JetstreamConfig> | boolean;
  keepData?: boolean;
}

export async function startInProcessStack(opts: InProcessStackOptions = {}): Promise<InProcessStack> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "atrarium-devnet-"));
  const plc = await createPlcServer({
    dbPath: path.join(dataDir, "plc", "plc.sqlite"),
    port: 0,
    host: "127.0.0.1",
  });
  const jetstreamOverrides = opts.jetstream === true ? {} : opts.jetstream || undefined;
  // Known before the PDS starts, since the PDS is configured with it as its crawler.
  const jetstreamPort = jetstreamOverrides ? jetstreamOverrides.port || (await freePorts(1))[0] : undefined;
  const pds = await createPds(
    {
      port: 0,
      dataDir: path.join(dataDir, "pds"),
      plcUrl: plc.url,
      logLevel: "warn",
      inviteRequired: false,
      // Tests drive one account hard from one address; the limits have their own tests.
      rateLimitsEnabled: false,
      adminPassword: DEVNET_ADMIN_PASSWORD,
      ...(jetstreamPort ? { crawlers: [`http://127.0.0.1:${jetstreamPort}`] } : {}),
      ...opts.pds,
    },
    { PDS_BIND_HOST: "127.0.0.1" },
  );
  const jetstream = !jetstreamOverrides
    ? undefined
    : await createJetstream(
        {
          dataDir: path.join(dataDir, "jetstream"),
          upstreams: [pds.url],
          plcUrl: plc.url,
          logLevel: "warn",
          crawlAllow: [{ kind: "loopback", from: 1, to: 65535 }],
          ...jetstreamOverrides,
          port: jetstreamPort,
        },
        {},
      );
  return {
    plcUrl: plc.url,
    pdsUrl: pds.url,
    jetstreamUrl: jetstream?.url,
    jetstream,
    pds,
    dataDir,
    close: async () => {
      await jetstream?.close();
      await pds.close();
      await plc.close();
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
