export type { DevnetInfo } from "./devnet-info.ts";
export { type EgressProxy, startEgressProxy } from "./egress-proxy.ts";
export { junkBody, junkBytes, junkJson, junkString } from "./fuzz/junk.ts";
export { type LexiconValues, lexiconValues } from "./fuzz/lexicon-values.ts";
export {
  checkAnswer,
  type FuzzAnswer,
  fuzzCall,
  fuzzFetch,
  OracleViolation,
  type RefusalShape,
  rssMiB,
} from "./fuzz/oracle.ts";
export { fuzzRuns, fuzzTestTimeout } from "./fuzz/runs.ts";
export { fuzzWebSocket, type WebSocketCase } from "./fuzz/websocket.ts";
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
