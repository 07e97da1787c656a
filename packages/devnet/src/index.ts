export { type InProcessStack, startInProcessStack } from "./in-process-stack.ts";
export { createTestAccount, localIdResolver, type TestAccount } from "./test-clients.ts";
export type { DevnetInfo } from "./test-global-setup.ts";
