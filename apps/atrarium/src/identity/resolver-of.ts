// One DidResolver per isolate (its cache is the point), for the configured PLC directory.
import { DidResolver } from "./did-resolver.ts";

let shared: DidResolver | null = null;
let sharedPlcUrl = "";

export function resolverOf(env: { PLC_URL: string }): DidResolver {
  const plcUrl = env.PLC_URL || "https://plc.directory";
  if (!shared || sharedPlcUrl !== plcUrl) {
    shared = new DidResolver({ plcUrl });
    sharedPlcUrl = plcUrl;
  }
  return shared;
}
