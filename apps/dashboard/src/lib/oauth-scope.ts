// The OAuth scope the dashboard asks the user's PDS for: exactly what it does, not transition:generic
// (which would let it write any record and call any service as the user). Granular scopes are practical
// here because the dashboard's writes and service calls are a short, fixed list; a new write or a new
// Worker method must be added here, or the PDS refuses it (403 ScopeMissingError) for OAuth sessions.
// Pure data: the browser client and the server's client-metadata.json both read it.
// Creating communities, memberships and moderation actions are not the dashboard's to write: the Worker
// writes them with the grant the user gives it (worker-session.ts), so neither their repo scopes nor
// service JWTs for those methods are asked for here.
import {
  ATRARIUM_API_ROUTES,
  type AtrariumMethodNsid,
  COMMUNITY_CONFIG_NSID,
  EMOJI_MIME_TYPES,
} from "@atrarium/lexicon";
import { WORKER_WRITE_NSIDS } from "./worker-session.ts";

// Records the dashboard writes into the user's repo, and how (putRecord needs create and update: the
// owner edits a community's config in place).
const REPO_WRITES: Record<string, readonly ("create" | "update")[]> = {
  [COMMUNITY_CONFIG_NSID]: ["create", "update"],
  "app.bsky.feed.post": ["create"],
  "app.bsky.feed.generator": ["create", "update"],
};

// Custom emoji images, uploaded with the user's own session before the Worker writes the emoji record
// naming them: exactly the raster types an emoji may be (never SVG or anything else).
const BLOB_UPLOADS = EMOJI_MIME_TYPES;

function repoScope(collection: string, actions: readonly string[]): string {
  return `repo:${collection}?${actions.map((a) => `action=${a}`).join("&")}`;
}

// Service JWTs for the Worker (getServiceAuth, lxm = the method called). aud=*: getServiceAuth is
// asked for the Worker's bare DID (did:web:…), which an rpc scope cannot name (it takes a did#service
// reference); the method list keeps the grant to Atrarium's own methods.
function rpcScope(methods: readonly string[]): string {
  return `rpc?${methods.map((m) => `lxm=${m}`).join("&")}&aud=*`;
}

export const DASHBOARD_OAUTH_SCOPE = [
  "atproto",
  ...Object.entries(REPO_WRITES).map(([collection, actions]) => repoScope(collection, actions)),
  `blob?${BLOB_UPLOADS.map((mime) => `accept=${mime}`).join("&")}`,
  rpcScope(
    (Object.keys(ATRARIUM_API_ROUTES) as AtrariumMethodNsid[])
      .filter((m) => !WORKER_WRITE_NSIDS.has(m))
      .sort(),
  ),
].join(" ");

// The path the PDS sends the user back to (a client-side route; the static server serves index.html).
export const OAUTH_CALLBACK_PATH = "/oauth/callback";
