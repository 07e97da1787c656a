// Which private preferences a session may see and replace, as the official PDS: personal details
// (birth date) only with the account password's full access, never through an app password; the
// declared age is derived elsewhere and read-only for everyone.
import { ACCESS_SCOPE } from "./scopes.ts";

export const PREFERENCES_NAMESPACE = "app.bsky";
export const PERSONAL_DETAILS_PREF = "app.bsky.actor.defs#personalDetailsPref";
export const DECLARED_AGE_PREF = "app.bsky.actor.defs#declaredAgePref";

export function canSeePreference(scope: string | undefined, type: string): boolean {
  return scope === ACCESS_SCOPE || type !== PERSONAL_DETAILS_PREF;
}

export function canWritePreference(scope: string | undefined, type: string): boolean {
  return type !== DECLARED_AGE_PREF && canSeePreference(scope, type);
}
