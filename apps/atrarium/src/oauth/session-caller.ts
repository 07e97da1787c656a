// Who a browser session token speaks for: its DID, when that user's OAuthSessions object still knows
// the token's hash and it has not expired. Anything else presented as a session token is refused.
import { bearerToken } from "../auth/bearer-token.ts";
import type { Services } from "../services.ts";
import { XrpcError } from "../shared/xrpc-error.ts";
import { parseSessionToken, type SessionToken } from "./session-token.ts";

export async function verifySessionToken(
  services: Pick<Services, "stubs">,
  token: string,
): Promise<SessionToken> {
  const parsed = await parseSessionToken(token);
  if (!parsed || !(await services.stubs.oauthSessions(parsed.did).checkBrowser(parsed.hash)))
    throw new XrpcError(401, "InvalidToken", "the Atrarium session is unknown, expired or signed out");
  return parsed;
}

// null without an Authorization header.
export async function sessionCaller(
  services: Pick<Services, "stubs">,
  header: string | undefined,
): Promise<SessionToken | null> {
  const token = bearerToken(header);
  return token ? verifySessionToken(services, token) : null;
}
