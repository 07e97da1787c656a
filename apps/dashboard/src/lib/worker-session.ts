// The Worker session: the browser's handle on the OAuth grant the user gave the Atrarium Worker, so the
// Worker can write communities, memberships and moderation actions into the user's repo
// (docs/atrarium-oauth.md). The browser never holds that grant's tokens, only an opaque `atrs_…` token
// the Worker hands back in the URL fragment of the page that started the sign-in
// (`#atrarium_session=<token>&did=<did>`, or `#atrarium_error=<code>&atrarium_error_description=…`).
// The fragment is taken off the address bar at once (it must not stay in history or be bookmarked) and
// the token kept per DID in localStorage, so a token never serves another user who signs in here.
// Pure functions over the parts of Web Storage, location and history they use, so they run in unit
// tests (and typecheck without the DOM library).
import {
  type AtrariumMethodNsid,
  COMMUNITY_CREATE_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_PROPOSE_EMOJI_NSID,
  COMMUNITY_REACT_NSID,
  COMMUNITY_UNREACT_NSID,
  COMMUNITY_UPDATE_NSID,
  MODERATION_APPROVE_EMOJI_NSID,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_REJECT_EMOJI_NSID,
  MODERATION_UNBLOCK_USER_NSID,
  MODERATION_UNHIDE_POST_NSID,
} from "@atrarium/lexicon";

// The methods that write into the caller's repo with the grant the caller gave the Worker: the API
// client sends them the Worker session token, never a service JWT.
export const WORKER_WRITE_NSIDS: ReadonlySet<AtrariumMethodNsid> = new Set([
  COMMUNITY_CREATE_NSID,
  COMMUNITY_JOIN_NSID,
  COMMUNITY_LEAVE_NSID,
  COMMUNITY_UPDATE_NSID,
  MODERATION_HIDE_POST_NSID,
  MODERATION_UNHIDE_POST_NSID,
  MODERATION_BLOCK_USER_NSID,
  MODERATION_UNBLOCK_USER_NSID,
  COMMUNITY_REACT_NSID,
  COMMUNITY_UNREACT_NSID,
  COMMUNITY_PROPOSE_EMOJI_NSID,
  MODERATION_APPROVE_EMOJI_NSID,
  MODERATION_REJECT_EMOJI_NSID,
]);

export const WORKER_SESSIONS_KEY = "atrarium.worker-sessions";
const TOKEN_PREFIX = "atrs_";

export type WorkerReturn =
  | { kind: "session"; did: string; token: string }
  | { kind: "error"; code: string; description: string };

// What the Worker put in the fragment, and the fragment without it (other parameters stay). null: the
// fragment carries nothing from the Worker.
export function parseWorkerReturn(hash: string): { found: WorkerReturn; rest: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("atrarium_session");
  const code = params.get("atrarium_error");
  if (token === null && code === null) return null;
  const did = params.get("did");
  const description = params.get("atrarium_error_description") ?? "";
  for (const name of ["atrarium_session", "did", "atrarium_error", "atrarium_error_description"])
    params.delete(name);
  const rest = params.toString();
  let found: WorkerReturn;
  if (code !== null) found = { kind: "error", code, description };
  else if (token?.startsWith(TOKEN_PREFIX) && did?.startsWith("did:"))
    found = { kind: "session", did, token };
  else
    found = { kind: "error", code: "invalid_response", description: "malformed session in the return URL" };
  return { found, rest: rest ? `#${rest}` : "" };
}

// What is used of localStorage, location and history.
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
export interface PageAddress {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}
export interface PageHistory {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | null): void;
}

type Tokens = Record<string, string>;

function readTokens(storage: KeyValueStore): Tokens {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(WORKER_SESSIONS_KEY) ?? "{}");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === "string" && entry[1].startsWith(TOKEN_PREFIX),
      ),
    );
  } catch {
    return {};
  }
}

function writeTokens(storage: KeyValueStore, tokens: Tokens): void {
  if (Object.keys(tokens).length === 0) storage.removeItem(WORKER_SESSIONS_KEY);
  else storage.setItem(WORKER_SESSIONS_KEY, JSON.stringify(tokens));
}

export function workerTokenFor(storage: KeyValueStore, did: string): string | null {
  return readTokens(storage)[did] ?? null;
}

export function storeWorkerToken(storage: KeyValueStore, did: string, token: string): void {
  writeTokens(storage, { ...readTokens(storage), [did]: token });
}

// Forgets `did`'s token; with `onlyIf`, only while it is still that token (another tab may have stored
// a fresh one since the old one was refused).
export function forgetWorkerToken(storage: KeyValueStore, did: string, onlyIf?: string): void {
  const tokens = readTokens(storage);
  if (!(did in tokens) || (onlyIf !== undefined && tokens[did] !== onlyIf)) return;
  delete tokens[did];
  writeTokens(storage, tokens);
}

// At page load, before the router reads the address: takes the Worker's answer off the fragment
// (replacing the history entry, so neither the address bar nor Back shows the token) and keeps a
// session token.
export function takeWorkerReturn(
  location: PageAddress,
  history: PageHistory,
  storage: KeyValueStore,
): WorkerReturn | null {
  const parsed = parseWorkerReturn(location.hash);
  if (!parsed) return null;
  history.replaceState(history.state, "", `${location.pathname}${location.search}${parsed.rest}`);
  if (parsed.found.kind === "session") storeWorkerToken(storage, parsed.found.did, parsed.found.token);
  return parsed.found;
}

// Where "Allow Atrarium to write to your repository" goes: the Worker's sign-in, for this user, coming
// back to `returnTo` (the current page; any fragment dropped, the Worker appends its own).
export function workerLoginUrl(workerUrl: string, did: string, returnTo: string): string {
  const back = new URL(returnTo);
  back.hash = "";
  const url = new URL("oauth/login", `${workerUrl}/`);
  url.searchParams.set("identifier", did);
  url.searchParams.set("return_to", back.href);
  return url.href;
}

// Ends the Worker session (the Worker revokes its grant at the PDS when it was the user's last one).
// Best effort: a Worker that cannot be reached still gets the token forgotten by the caller.
export async function workerLogout(workerUrl: string, token: string): Promise<void> {
  try {
    await fetch(new URL("oauth/logout", `${workerUrl}/`), {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    // Unreachable: nothing more to do here.
  }
}

// Errors with which the Worker refuses a write for want of a usable session: ask the user again.
export const WORKER_SESSION_ERRORS: ReadonlySet<string> = new Set(["OAuthSessionRequired", "InvalidToken"]);
