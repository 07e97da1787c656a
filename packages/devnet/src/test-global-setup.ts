// Vitest globalSetup: one PLC + PDS + Jetstream (in this process) and the Atrarium Worker (`wrangler
// dev`, its own process group) for the whole test run, shared by every test file through
// `inject("devnet")`, so suites do not each start their own on a 2-core machine.
// DEVNET_TEST_WORKER=off leaves the Worker out (~3 s) when running suites that do not need it.
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startInProcessStack } from "./in-process-stack.ts";
import { freePorts } from "./process-tree.ts";
import type { RunningComponent } from "./supervisor.ts";
import { startWorker } from "./worker-process.ts";

export interface DevnetInfo {
  plcUrl: string;
  pdsUrl: string;
  // http://127.0.0.1:PORT; the stream is at ws://127.0.0.1:PORT/subscribe.
  jetstreamUrl: string;
  // http://127.0.0.1:PORT of the Worker fed by that Jetstream; "" when left out.
  workerUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    devnet: DevnetInfo;
  }
}

const workerConfig = path.resolve(import.meta.dirname, "../../../apps/atrarium/wrangler.jsonc");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startInProcessStack({ jetstream: true });
  const jetstreamUrl = stack.jetstreamUrl as string;
  let worker: RunningComponent | undefined;
  try {
    if (existsSync(workerConfig) && process.env.DEVNET_TEST_WORKER !== "off") {
      const [port, inspectorPort] = await freePorts(2);
      worker = await startWorker({
        port,
        inspectorPort,
        persistTo: path.join(stack.dataDir, "worker"),
        jetstreamUrl: jetstreamUrl.replace(/^http/, "ws"),
        plcUrl: stack.plcUrl,
      });
    }
  } catch (err) {
    await stack.close();
    throw err;
  }
  project.provide("devnet", {
    plcUrl: stack.plcUrl,
    pdsUrl: stack.pdsUrl,
    jetstreamUrl,
    workerUrl: worker ? `http://127.0.0.1:${worker.spec.port}` : "",
  });
  return async () => {
    await worker?.stop();
    await stack.close();
  };
}
