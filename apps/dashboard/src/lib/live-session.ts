// A signed-in session of either kind, as the rest of the dashboard sees it: one @atproto/api `Agent`
// for PDS calls (an OAuth session's DPoP-bound fetch, or an app-password AtpAgent, which extends Agent),
// who is signed in, at which PDS, and how to end it.
import type { Agent } from "@atproto/api";

export type SessionKind = "oauth" | "app-password";

export interface LiveSession {
  kind: SessionKind;
  agent: Agent;
  did: string;
  handle: string;
  pdsUrl: string;
  // False after a call to the user's PDS failed for lack of an answer; true again after one succeeds.
  pdsReachable: boolean;
  // Ends the session at the PDS (revokes the tokens) and forgets it in this browser.
  signOut: () => Promise<void>;
}
