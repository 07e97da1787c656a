// The PDS's OAuth pages (@atproto/oauth-provider-ui, served by Aurora Locus at /oauth/authorize) driven
// in Chromium as a user does: sign in with handle and password, then accept the consent screen. The
// client's redirect_uri is a loopback URL nobody listens on: the navigation to it is intercepted and its
// URL (carrying code, state and iss) returned, so a test needs no callback server.
import type { Page, Route } from "playwright-core";

export interface OAuthAccount {
  handle: string;
  password: string;
}

export interface ApproveOptions {
  // true: the consent screen must show; false: it must not (the client was authorized before with
  // these scopes); absent: accepted if it shows.
  expectConsent?: boolean;
  // Where the provider redirects at the end; read from a loopback client_id when absent.
  redirectUri?: string;
  // Bound on the whole sign-in, in milliseconds.
  timeoutMs?: number;
  // "deny": press "Deny access" on the consent screen instead of "Authorize".
  decision?: "authorize" | "deny";
  // Called as the sign-in form, then the consent screen, shows (before it is filled in or accepted):
  // for screenshots.
  onStep?: (step: "sign-in" | "consent") => Promise<unknown>;
}

// Opens `authorizeUrl` (what client.authorize() returned), signs in, consents, and returns the redirect
// URL with the authorization response in its query.
export async function approveOAuthInBrowser(
  page: Page,
  authorizeUrl: URL | string,
  account: OAuthAccount,
  opts: ApproveOptions = {},
): Promise<URL> {
  const url = new URL(authorizeUrl);
  const redirectUri = opts.redirectUri ?? loopbackRedirectUri(url);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const redirectBase = new URL(redirectUri);
  redirectBase.search = "";
  redirectBase.hash = "";
  const isRedirect = (u: URL) => u.origin === redirectBase.origin && u.pathname === redirectBase.pathname;
  // The request is read as it is made: the provider may reach the redirect URI through an HTTP
  // redirect, which page.route does not intercept (the page then shows a connection error, unread).
  const redirected = page
    .waitForRequest((req) => isRedirect(new URL(req.url())), { timeout: timeoutMs })
    .then((req) => new URL(req.url()));
  redirected.catch(() => {}); // awaited below
  await page.route(
    (u) => isRedirect(u),
    (route: Route) => route.fulfill({ status: 200, contentType: "text/plain", body: "signed in" }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`OAuth sign-in did not reach ${redirectUri} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await page.goto(url.href);
    const steps = signInAndApprove(page, account, opts).then(() => redirected);
    return await Promise.race([steps, timeout]);
  } finally {
    clearTimeout(timer);
    await page.unrouteAll({ behavior: "ignoreErrors" });
  }
}

// On a page already showing the provider's authorize screen: signs in (unless a session on this device
// is remembered) and presses "Authorize" (or "Deny access") on the consent screen if it shows. Returns once the page
// leaves the provider's origin (the redirect to the client).
export async function signInAndApprove(page: Page, account: OAuthAccount, opts: ApproveOptions = {}) {
  const providerOrigin = new URL(page.url()).origin;
  const leftProvider = page.waitForRequest(
    (req) =>
      req.isNavigationRequest() &&
      req.frame() === page.mainFrame() &&
      new URL(req.url()).origin !== providerOrigin,
    { timeout: opts.timeoutMs ?? 30_000 },
  );
  leftProvider.catch(() => {}); // awaited below; a timeout must not surface as an unhandled rejection
  const password = page.locator('input[type="password"]').first();
  const authorize = page.getByRole("button", { name: "Authorize", exact: true });
  // The sign-in form, or (a remembered session) the consent screen right away.
  await password.or(authorize).first().waitFor({ state: "visible" });
  if (await password.isVisible()) {
    await opts.onStep?.("sign-in");
    const identifier = page.getByRole("textbox", { name: /username/i });
    if ((await identifier.count()) > 0 && (await identifier.isEditable()) && !(await identifier.inputValue()))
      await identifier.fill(account.handle);
    await password.fill(account.password);
    await page.getByRole("button", { name: /^(Sign in|Next)$/ }).click();
  }
  // A refused sign-in shows its reason under the form: fail with it at once rather than at the timeout.
  const refusal = page.getByRole("alert").or(page.getByText("Wrong identifier or password")).first();
  const consent = await Promise.race([
    authorize.waitFor({ state: "visible" }).then(() => true),
    leftProvider.then(() => false),
    refusal.waitFor({ state: "visible" }).then(async () => {
      throw new Error(`sign-in refused: ${await refusal.innerText()}`);
    }),
  ]);
  if (consent !== (opts.expectConsent ?? consent))
    throw new Error(consent ? "the consent screen showed, though not expected" : "no consent screen showed");
  if (consent) {
    await opts.onStep?.("consent");
    if (opts.decision === "deny")
      await page.getByRole("button", { name: "Deny access", exact: true }).click();
    else await authorize.click();
  }
  await leftProvider;
}

// A loopback client_id (http://localhost?redirect_uri=...) names its redirect URI; the default one is
// http://127.0.0.1/ (atproto OAuth spec, loopback clients).
function loopbackRedirectUri(authorizeUrl: URL): string {
  const clientId = authorizeUrl.searchParams.get("client_id");
  if (!clientId) throw new Error(`no client_id in ${authorizeUrl.href}: pass opts.redirectUri`);
  const client = new URL(clientId);
  if (client.hostname !== "localhost")
    throw new Error(`client ${clientId} is not a loopback client: pass opts.redirectUri`);
  return client.searchParams.get("redirect_uri") ?? "http://127.0.0.1/";
}
