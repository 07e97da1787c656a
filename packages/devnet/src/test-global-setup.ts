// Vitest globalSetup: one PLC + PDS for the whole test run, shared by every test file through
// `inject("devnet")`, so suites do not each start their own on a 2-core machine.
import type { TestProject } from "vitest/node";
import { startInProcessStack } from "./in-process-stack.ts";

export interface DevnetInfo {
  plcUrl: string;
  pdsUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    devnet: DevnetInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startInProcessStack();
  project.provide("devnet", { plcUrl: stack.plcUrl, pdsUrl: stack.pdsUrl });
  return () => stack.close();
}
