// The Worker's OAuth client metadata. A confidential client publishes it at its client_id (the PDS
// fetches it from there) with its public keys at jwks_uri; a loopback client's metadata is implied by
// its client_id and never fetched.
import type { OAuthClientMetadataInput } from "@atproto/oauth-client";
import { OAUTH_SCOPE, type OAuthSettings } from "./oauth-settings.ts";

export function clientMetadataOf(settings: OAuthSettings): OAuthClientMetadataInput {
  const common = {
    client_id: settings.clientId,
    redirect_uris: [settings.redirectUri],
    scope: OAUTH_SCOPE,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    dpop_bound_access_tokens: true,
  };
  if (settings.mode === "loopback")
    return {
      ...common,
      application_type: "native",
      token_endpoint_auth_method: "none",
    } as OAuthClientMetadataInput;
  return {
    ...common,
    client_name: "Atrarium",
    client_uri: settings.publicUrl,
    application_type: "web",
    token_endpoint_auth_method: "private_key_jwt",
    token_endpoint_auth_signing_alg: "ES256",
    jwks_uri: `${settings.publicUrl}/oauth/jwks.json`,
  } as OAuthClientMetadataInput;
}
