// Access-token scopes as the official PDS names them. A session made with the account password has
// full access; one made with an app password has the app-password scope (privileged or not), which
// the account-management methods refuse and which decides who may reach the privileged services.
export const ACCESS_SCOPE = "com.atproto.access";
export const REFRESH_SCOPE = "com.atproto.refresh";
export const APP_PASS_SCOPE = "com.atproto.appPass";
export const APP_PASS_PRIVILEGED_SCOPE = "com.atproto.appPassPrivileged";

export const ACCESS_FULL: readonly string[] = [ACCESS_SCOPE];
export const ACCESS_PRIVILEGED: readonly string[] = [ACCESS_SCOPE, APP_PASS_PRIVILEGED_SCOPE];
export const ACCESS_STANDARD: readonly string[] = [ACCESS_SCOPE, APP_PASS_PRIVILEGED_SCOPE, APP_PASS_SCOPE];

export function accessScopeFor(appPassword: { privileged: boolean } | null): string {
  if (!appPassword) return ACCESS_SCOPE;
  return appPassword.privileged ? APP_PASS_PRIVILEGED_SCOPE : APP_PASS_SCOPE;
}

export function isAccessPrivileged(scope: string): boolean {
  return ACCESS_PRIVILEGED.includes(scope);
}

// Services only a privileged session may get service auth for or be proxied to: direct messages
// (every chat.bsky method, a wider net than the official list so a new chat method is covered from
// the start) and account creation elsewhere. Matched case-insensitively, as the official PDS does.
export function isPrivilegedMethod(nsid: string): boolean {
  const lower = nsid.toLowerCase();
  return lower.startsWith("chat.bsky.") || lower === "com.atproto.server.createaccount";
}
