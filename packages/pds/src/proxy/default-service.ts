// Where a method this PDS does not serve goes when the client names no service (no atproto-proxy
// header), as the official PDS routes it: tools.ozone.* to the moderation service, reports to the
// report service (else the moderation service), everything else to the AppView.
import type { DefaultService, PdsConfig } from "../config.ts";

export const CREATE_REPORT = "com.atproto.moderation.createReport";

export function defaultServiceFor(cfg: PdsConfig, nsid: string): DefaultService | undefined {
  if (nsid === CREATE_REPORT) return cfg.reportService ?? cfg.modService;
  if (nsid.startsWith("tools.ozone.")) return cfg.modService;
  return cfg.bskyAppView;
}
