// Vitest globalSetup: one PLC + PDS + Jetstream (in this process) and the Atrarium Worker (`wrangler
// dev`, its own process group) for the whole test run, shared by every test file through
// `inject("devnet")`, so suites do not each start their own on a 2-core machine.
// DEVNET_TEST_WORKER=off leaves the Worker out (~3 s) when running suites that do not need it.
import path from "node:path";
import { type DevnetInfo, freePorts } from "@atrarium/testkit";
import type { TestProject } from "vitest/node";
import { startInProcessStack } from "./in-process-stack.ts";
import type { RunningComponent } from "./supervisor.ts";
import { startWorker } from "./worker-process.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startInProcessStack({ jetstream: true });
  const jetstreamUrl = stack.jetstreamUrl as string;
  let worker: RunningComponent | undefined;
  try {
    if (process.env.DEVNET_TEST_WORKER !== "off") {
      const [port, inspectorPort] = await freePorts(2);
      worker = await startWorker({
        port,
        inspectorPort,
        persistTo: path.join(stack.dataDir, "worker"),
        jetstreamUrl: jetstreamUrl.replace(/^http/, "ws"),
        plcUrl: stack.plcUrl,
        handleResolverUrl: stack.pdsUrl,
        // The devnet PDS is the Worker's trusted labeler: its admin's labels hide posts from feeds.
        vars: {
          TRUSTED_LABELERS: stack.pds.ctx.cfg.serviceDid,
          // Promotion thresholds a browser test can reach with three accounts (dashboard-lifecycle).
          LIFECYCLE_PROMOTE_MEMBERS: "3",
          LIFECYCLE_PROMOTE_ACTIVE_POSTERS: "2",
          LIFECYCLE_PROMOTE_WEEKLY_POSTS: "4",
        },
      });
    }
  } catch (err) {
    await stack.close();
    throw err;
  }
  const devnet: DevnetInfo = {
    plcUrl: stack.plcUrl,
    pdsUrl: stack.pdsUrl,
    jetstreamUrl,
    workerUrl: worker ? `http://127.0.0.1:${worker.spec.port}` : "",
    pdsMailOutboxDir: stack.pds.ctx.cfg.emailOutboxDir,
    pdsAdminPassword: stack.pds.ctx.cfg.adminPassword ?? "",
  };
  project.provide("devnet", devnet);
  return async () => {
    await worker?.stop();
    await stack.close();
  };
}
