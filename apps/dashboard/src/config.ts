// Where the dashboard's services are. Read at start from /config.json next to index.html, so one build
// serves the devnet, the tests and a deployment (edit config.json there, no rebuild).
export interface DashboardConfig {
  // The Atrarium Worker (API, write routes and their sign-in, sync hints, feed generator).
  workerUrl: string;
  // did:plc directory used to find a user's PDS from their DID.
  plcUrl: string;
  // Any service answering com.atproto.identity.resolveHandle (the devnet PDS, or a public AppView).
  handleResolverUrl: string;
  // Posts per feed page.
  feedPageSize: number;
  // The OAuth client_id of a deployment: the https URL of its client-metadata.json (served next to
  // index.html, see docs/dashboard.md). Empty: a loopback client, for the devnet and development only.
  oauthClientId: string;
}

const DEFAULTS: DashboardConfig = {
  workerUrl: "http://localhost:8787",
  plcUrl: "http://localhost:2582",
  handleResolverUrl: "http://localhost:2583",
  feedPageSize: 20,
  oauthClientId: "",
};

type UrlKey = "workerUrl" | "plcUrl" | "handleResolverUrl";

function pick(raw: Record<string, unknown>, key: UrlKey, fallback: string): string {
  const value = raw[key];
  return typeof value === "string" && value !== "" ? value.replace(/\/+$/, "") : fallback;
}

export function parseConfig(raw: unknown): DashboardConfig {
  const obj = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const size = Number(obj.feedPageSize);
  return {
    workerUrl: pick(obj, "workerUrl", DEFAULTS.workerUrl),
    plcUrl: pick(obj, "plcUrl", DEFAULTS.plcUrl),
    handleResolverUrl: pick(obj, "handleResolverUrl", DEFAULTS.handleResolverUrl),
    feedPageSize: Number.isInteger(size) && size > 0 && size <= 100 ? size : DEFAULTS.feedPageSize,
    // Only an https URL can be a discoverable client_id.
    oauthClientId:
      typeof obj.oauthClientId === "string" && obj.oauthClientId.startsWith("https://")
        ? obj.oauthClientId
        : "",
  };
}

export async function loadConfig(): Promise<DashboardConfig> {
  try {
    const res = await fetch("/config.json", { cache: "no-store" });
    if (res.ok) return parseConfig(await res.json());
  } catch {
    // No config next to the app: the devnet's defaults.
  }
  return DEFAULTS;
}
