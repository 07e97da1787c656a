// Signing in to the Atrarium Worker as a browser does: open its /oauth/login, go through the PDS's
// sign-in and consent pages, and read the session token the Worker hands back in the fragment of the
// return_to page (#atrarium_session=...&did=...). Works for both client modes: the loopback client of the
// plain devnet and the https confidential client (pass a browser that resolves and trusts its host).
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openPage } from "./browser.ts";
import { signInAndApprove } from "./oauth-pages.ts";

export interface WorkerSignIn {
  workerUrl: string;
  // Handle or DID of the account, and its password at its PDS.
  identifier: string;
  password: string;
  // Where the Worker returns to; its own origin (always allowed) by default.
  returnTo?: string;
  // A browser of the test's (left open); one is launched and closed for this sign-in otherwise.
  browser?: Browser;
  // true/false: the consent screen must / must not show; absent: accepted either way.
  expectConsent?: boolean;
  // "deny": refuse on the consent screen (the Worker then returns with #atrarium_error).
  decision?: "authorize" | "deny";
  timeoutMs?: number;
  // Called as the sign-in form, then the consent screen, shows: for screenshots.
  onStep?: (page: Page, step: "sign-in" | "consent") => Promise<unknown>;
}

export interface WorkerSession {
  token: string;
  did: string;
}

export class WorkerSignInError extends Error {
  readonly code: string;

  constructor(code: string, description: string) {
    super(`the Worker refused the sign-in: ${code}: ${description}`);
    this.code = code;
  }
}

export async function signInToWorker(opts: WorkerSignIn): Promise<WorkerSession> {
  const browser = opts.browser ?? (await launchBrowser());
  const user = await openPage(browser);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    const returnTo = new URL(opts.returnTo ?? `${opts.workerUrl.replace(/\/+$/, "")}/`);
    const login = new URL("/oauth/login", opts.workerUrl);
    login.searchParams.set("identifier", opts.identifier);
    login.searchParams.set("return_to", returnTo.href);
    const returned = returnedTo(user.page, returnTo, timeoutMs);
    returned.catch(() => {}); // awaited below, after the pages that lead there
    const answer = await user.page.goto(login.href);
    // A refused start (bad return_to, unknown account) answers here with an XRPC error, not a redirect.
    if (answer && new URL(answer.url()).pathname === "/oauth/login" && answer.status() >= 400)
      throw new Error(`${login.pathname} answered ${answer.status()}: ${await answer.text()}`);
    if (!isReturn(new URL(user.page.url()), returnTo))
      await signInAndApprove(
        user.page,
        { handle: opts.identifier, password: opts.password },
        {
          expectConsent: opts.expectConsent,
          decision: opts.decision,
          timeoutMs,
          onStep: (step) => opts.onStep?.(user.page, step) ?? Promise.resolve(),
        },
      );
    const fragment = new URLSearchParams((await returned).hash.slice(1));
    const token = fragment.get("atrarium_session");
    const did = fragment.get("did");
    if (token && did) return { token, did };
    throw new WorkerSignInError(
      fragment.get("atrarium_error") ?? "no_session",
      fragment.get("atrarium_error_description") ??
        `no session token in ${returnTo.origin}${returnTo.pathname}#...`,
    );
  } catch (err) {
    if (user.problems.length > 0 && err instanceof Error && !(err instanceof WorkerSignInError))
      err.message += `\nbrowser: ${user.problems.join("\n  ")}`;
    throw err;
  } finally {
    await user.close();
    if (!opts.browser) await browser.close();
  }
}

const isReturn = (u: URL, returnTo: URL) =>
  u.origin === returnTo.origin &&
  u.pathname === returnTo.pathname &&
  /atrarium_(session|error)=/.test(u.hash);

// The Worker's redirect to return_to, fragment included. The navigation request carries it (a page that
// fails to load, e.g. a return_to nobody serves, still made the request); the committed URL is the
// fallback should a browser leave the fragment off the request.
function returnedTo(page: Page, returnTo: URL, timeoutMs: number): Promise<URL> {
  const request = page
    .waitForRequest((req) => req.isNavigationRequest() && isReturn(new URL(req.url()), returnTo), {
      timeout: timeoutMs,
    })
    .then((req) => new URL(req.url()));
  const committed = page
    .waitForURL((u) => isReturn(u, returnTo), { waitUntil: "commit", timeout: timeoutMs })
    .then(() => new URL(page.url()));
  return Promise.any([request, committed]).catch(() => {
    throw new Error(`the sign-in did not return to ${returnTo.href} within ${timeoutMs} ms`);
  });
}
