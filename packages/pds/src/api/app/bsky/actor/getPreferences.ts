// Served here whether or not an AppView is configured (the official PDS needs one): clients keep
// their settings on the account's own PDS.

import { authorizeRpc } from "../../../../auth/oauth-permissions.ts";
import { canSeePreference, PREFERENCES_NAMESPACE } from "../../../../auth/preference-access.ts";
import { method } from "../../../../xrpc/method.ts";

export default method({
  nsid: "app.bsky.actor.getPreferences",
  type: "query",
  auth: "access",
  oauth: authorizeRpc("app.bsky.actor.getPreferences"),
  handler: async (ctx, { caller }) => {
    const did = caller?.did as string;
    const scope = caller?.scope;
    const preferences = await ctx.actors
      .get(did)
      .preferences.list(PREFERENCES_NAMESPACE, (type) => canSeePreference(scope, type));
    return { json: { preferences } };
  },
});
