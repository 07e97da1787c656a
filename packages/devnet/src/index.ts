export { DEFAULT_PORTS, type Devnet, type DevnetOptions, type DevnetPorts, startDevnet } from "./devnet.ts";
export { type InProcessStack, type InProcessStackOptions, startInProcessStack } from "./in-process-stack.ts";
export { alive, descendants, freePorts } from "./process-tree.ts";
export { type ComponentSpec, portOpen, type RunningComponent, startComponent } from "./supervisor.ts";
export { createTestAccount, localIdResolver, type TestAccount } from "./test-clients.ts";
export type { DevnetInfo } from "./test-global-setup.ts";
export { startWorker, type WorkerOptions, workerSpec } from "./worker-process.ts";
