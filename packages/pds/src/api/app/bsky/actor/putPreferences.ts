// Replaces the account's app.bsky preferences. Every preference needs an app.bsky $type; one the
// session may not write (personal details through an app password) is refused, the read-only declared
// age is ignored, and both stay stored as they were.

import { inNamespace } from "../../../../actor-store/preferences-store.ts";
import type { Preference } from "../../../../actor-store/types.ts";
import { authorizeRpc } from "../../../../auth/oauth-permissions.ts";
import {
  canWritePreference,
  DECLARED_AGE_PREF,
  PREFERENCES_NAMESPACE,
} from "../../../../auth/preference-access.ts";
import { XrpcError } from "../../../../xrpc/errors.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "app.bsky.actor.putPreferences",
  type: "procedure",
  auth: "access",
  oauth: authorizeRpc("app.bsky.actor.putPreferences"),
  handler: async (ctx, { caller, input }) => {
    const did = caller?.did as string;
    const scope = caller?.scope;
    const given = (input as { preferences: unknown[] }).preferences;
    const prefs: Preference[] = [];
    for (const pref of given) {
      const type = (pref as { $type?: unknown } | null)?.$type;
      if (typeof type !== "string")
        throw new XrpcError(400, "InvalidRequest", "Preference is missing a $type");
      if (!inNamespace(PREFERENCES_NAMESPACE, type)) {
        throw new XrpcError(
          400,
          "InvalidRequest",
          `Some preferences are not in the ${PREFERENCES_NAMESPACE} namespace`,
        );
      }
      if (type === DECLARED_AGE_PREF) continue;
      if (!canWritePreference(scope, type)) {
        throw new XrpcError(400, "InvalidRequest", "Do not have authorization to set preferences.");
      }
      prefs.push(pref as Preference);
    }
    await ctx.actors
      .get(did)
      .preferences.replace(PREFERENCES_NAMESPACE, prefs, (type) => canWritePreference(scope, type));
    return { empty: true };
  },
});
