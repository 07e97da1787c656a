// The OAuth client as the Worker's routes use it (sign-in start and callback): built once per isolate
// and composition, its sessions kept in each user's OAuthSessions object and its pending sign-ins in
// OAuthPending, both sealed here before they leave the isolate.
import type { OAuthClient } from "@atproto/oauth-client";
import type { Services } from "../services.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { buildOAuthClient, sessionStore, stateStore } from "./oauth-client.ts";
import type { OAuthSettings } from "./oauth-settings.ts";
import { SealedBox } from "./sealed-box.ts";

export interface OAuthService {
  settings: OAuthSettings;
  client: Promise<OAuthClient>;
}

const built = new WeakMap<Services, OAuthService>();

// 503 OAuthUnavailable (with what is missing) when the deployment lacks the OAuth secrets.
export function oauthServiceOf(services: Services): OAuthService {
  const config = services.settings.oauth;
  if (!config.ok)
    throw new XrpcError(503, "OAuthUnavailable", `sign-in is not configured: ${config.problem}`);
  let service = built.get(services);
  if (!service) {
    const { stubs, resolver } = services;
    const box = new SealedBox(config.settings.sessionKey);
    const client = buildOAuthClient(config.settings, {
      resolver,
      stateStore: stateStore(() => stubs.oauthPending(), box),
      sessionStore: sessionStore(
        {
          load: (did) => stubs.oauthSessions(did).loadSealed(),
          save: (did, sealed) => stubs.oauthSessions(did).saveSealed(sealed),
          remove: (did) => stubs.oauthSessions(did).deleteSealed(),
        },
        box,
      ),
    });
    service = { settings: config.settings, client };
    built.set(services, service);
  }
  return service;
}
