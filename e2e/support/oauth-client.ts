// An OAuth client as an atproto app builds it (@atproto/oauth-client-node), set up for the offline
// devnet: a loopback client (no client metadata document to host), plain http allowed, DIDs resolved
// at the devnet's PLC and handles at its PDS. State and sessions are kept in memory, per client.
import {
  buildAtprotoLoopbackClientMetadata,
  NodeOAuthClient,
  type NodeSavedSession,
  type NodeSavedState,
  type OAuthSession,
  type RuntimeLock,
} from "@atproto/oauth-client-node";
import type { Page } from "playwright-core";
import { launchBrowser, openPage } from "./browser.ts";
import { type ApproveOptions, approveOAuthInBrowser, type OAuthAccount } from "./oauth-pages.ts";

// The loopback redirect URI: nothing listens there, oauth-pages.ts intercepts the navigation.
export const LOOPBACK_REDIRECT_URI = "http://127.0.0.1/oauth-callback";
export const DEFAULT_SCOPE = "atproto transition:generic";

export interface DevnetOAuthClientOptions {
  pdsUrl: string;
  plcUrl: string;
  // Space-separated scopes the client registers (and asks for unless authorize() says otherwise).
  scope?: string;
  redirectUri?: string;
}

export interface DevnetOAuthClient {
  client: NodeOAuthClient;
  // The in-memory stores behind the client, for tests that look at or tamper with saved sessions.
  sessions: Map<string, NodeSavedSession>;
  states: Map<string, NodeSavedState>;
}

export function createDevnetOAuthClient(opts: DevnetOAuthClientOptions): DevnetOAuthClient {
  const sessions = new Map<string, NodeSavedSession>();
  const states = new Map<string, NodeSavedState>();
  const client = new NodeOAuthClient({
    clientMetadata: buildAtprotoLoopbackClientMetadata({
      scope: (opts.scope ?? DEFAULT_SCOPE) as `atproto${string}`,
      redirect_uris: [(opts.redirectUri ?? LOOPBACK_REDIRECT_URI) as `http://127.0.0.1${string}`],
    }),
    allowHttp: true,
    plcDirectoryUrl: opts.plcUrl,
    handleResolver: opts.pdsUrl,
    stateStore: mapStore(states),
    sessionStore: mapStore(sessions),
    requestLock: inProcessLock(),
  });
  return { client, sessions, states };
}

export interface SignInOptions extends ApproveOptions {
  // The page to drive; without one a browser is started for this sign-in and closed after.
  page?: Page;
}

// client.authorize -> the PDS's pages in Chromium -> client.callback: a live session for `account`.
export async function completeOAuthSignIn(
  client: NodeOAuthClient,
  account: OAuthAccount,
  scope: string = DEFAULT_SCOPE,
  opts: SignInOptions = {},
): Promise<OAuthSession> {
  const authorizeUrl = await client.authorize(account.handle, { scope });
  const run = async (page: Page) => {
    const redirect = await approveOAuthInBrowser(page, authorizeUrl, account, opts);
    const { session } = await client.callback(redirect.searchParams);
    return session;
  };
  if (opts.page) return run(opts.page);
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser);
    return await run(page);
  } finally {
    await browser.close();
  }
}

// One refresh at a time per session within this process (the client warns without a lock: two
// concurrent refreshes would spend the same refresh token).
function inProcessLock(): RuntimeLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(name: string, fn: () => T | PromiseLike<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    tails.set(
      name,
      run.catch(() => {}),
    );
    return run;
  };
}

function mapStore<V>(map: Map<string, V>) {
  return {
    set: async (key: string, value: V) => void map.set(key, value),
    get: async (key: string) => map.get(key),
    del: async (key: string) => void map.delete(key),
  };
}
