export type { DevnetInfo } from "./devnet-info.ts";
export { type EgressProxy, startEgressProxy } from "./egress-proxy.ts";
export {
  type Collector,
  commitsOf,
  createRecord,
  type JetstreamCommit,
  type JetstreamEvent,
  openCollector,
  subscribeUrl,
  upgradeStatus,
} from "./jetstream-client.ts";
export { describeMessageCatalogs } from "./message-catalogs.ts";
export { alive, descendants, freePorts } from "./process-tree.ts";
export { createTestAccount, localIdResolver, type TestAccount } from "./test-clients.ts";
export { makeTestCertificate, type TestCertificate } from "./tls-certificate.ts";
