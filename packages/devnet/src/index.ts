export { DEFAULT_PORTS, type Devnet, type DevnetOptions, type DevnetPorts, startDevnet } from "./devnet.ts";
export { type InProcessStack, type InProcessStackOptions, startInProcessStack } from "./in-process-stack.ts";
export { type ComponentSpec, portOpen, type RunningComponent, startComponent } from "./supervisor.ts";
export { startWorker, type WorkerOptions, workerSpec } from "./worker-process.ts";
