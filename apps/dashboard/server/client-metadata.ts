// The dashboard's OAuth client metadata document (client-metadata.json) for a deployment on an https
// origin: its URL is the client_id (config.json's oauthClientId), the PDS fetches it to learn where it
// may send the user back and which scopes the client may ask for. A browser app is a public client
// (token_endpoint_auth_method "none") with DPoP-bound tokens. The devnet needs none of this: it uses a
// loopback client_id (see src/lib/oauth-client.ts).
// `node server/client-metadata.ts https://dashboard.example.com [dist]` writes dist/client-metadata.json
// for a static host (Cloudflare Pages and the like); the Node server here can also serve it itself.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DASHBOARD_OAUTH_SCOPE, OAUTH_CALLBACK_PATH } from "../src/lib/oauth-scope.ts";

export const CLIENT_METADATA_PATH = "/client-metadata.json";

export function dashboardClientMetadata(publicUrl: string): Record<string, unknown> {
  const origin = new URL(publicUrl);
  if (origin.protocol !== "https:")
    throw new Error(`a deployed dashboard needs an https URL, not ${publicUrl}`);
  const base = origin.href.replace(/\/+$/, "");
  return {
    client_id: `${base}${CLIENT_METADATA_PATH}`,
    client_name: "Atrarium",
    client_uri: base,
    application_type: "web",
    redirect_uris: [`${base}${OAUTH_CALLBACK_PATH}`],
    scope: DASHBOARD_OAUTH_SCOPE,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    dpop_bound_access_tokens: true,
  };
}

if (import.meta.main) {
  const [publicUrl, dist = path.resolve(import.meta.dirname, "../dist")] = process.argv.slice(2);
  if (!publicUrl) {
    process.stderr.write("usage: node server/client-metadata.ts <https public URL> [dist dir]\n");
    process.exit(2);
  }
  const file = path.join(dist, CLIENT_METADATA_PATH.slice(1));
  writeFileSync(file, `${JSON.stringify(dashboardClientMetadata(publicUrl), null, 2)}\n`);
  process.stdout.write(`wrote ${file}: set "oauthClientId" in config.json to its URL\n`);
}
