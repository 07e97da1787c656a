// Dashboard test helpers: serve the built dashboard against a devnet, sign in through the UI (OAuth at
// the user's PDS by default, or the app-password fallback), let Atrarium write to the user's repo (the
// Worker's own OAuth sign-in, which the dashboard's writes through the Worker need), and
// seed communities through the real APIs (records in users' own repos) when a test needs data it
// does not itself create through the UI.
import { randomBytes } from "node:crypto";
import { RichText } from "@atproto/api";
import { type DashboardServer, startDashboardServer } from "@atrarium/dashboard/server";
import type { TestAccount } from "@atrarium/testkit";
import type { Frame, Page } from "playwright-core";
import { signInAndApprove } from "./oauth-pages.ts";

export interface DevnetUrls {
  plcUrl: string;
  pdsUrl: string;
  workerUrl: string;
}

export function serveDashboard(devnet: DevnetUrls, feedPageSize = 5): Promise<DashboardServer> {
  if (!devnet.workerUrl) throw new Error("the dashboard tests need the Worker (DEVNET_TEST_WORKER is off)");
  return startDashboardServer({
    config: {
      workerUrl: devnet.workerUrl,
      plcUrl: devnet.plcUrl,
      handleResolverUrl: devnet.pdsUrl,
      feedPageSize,
    },
  });
}

export interface SignInOptions {
  // Called at each step worth a screenshot: "sign-in-page", then the PDS's "pds-sign-in" and
  // "pds-consent" (the latter only when the PDS asks for consent).
  onStep?: (step: string) => Promise<unknown>;
}

// Signs in as a user does by default: handle on the dashboard's sign-in page, then the user's PDS's own
// OAuth pages in the same tab (password, then "Authorize" unless the PDS remembers the consent), and
// back on the dashboard, signed in.
export async function signIn(
  page: Page,
  baseUrl: string,
  account: { handle: string; password: string },
  opts: SignInOptions = {},
) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Handle").first().fill(account.handle);
  await opts.onStep?.("sign-in-page");
  const dashboard = new URL(page.url()).origin;
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.origin !== dashboard);
  await signInAndApprove(page, account, {
    onStep: (step) => opts.onStep?.(`pds-${step}`) ?? Promise.resolve(),
  });
  await page.getByText(`Signed in as @${account.handle}`).waitFor();
}

export const ALLOW_ATRARIUM = "Allow Atrarium to write to your repository";

// On a dashboard page offering "Allow Atrarium to write to your repository" (signed in): through the
// Worker's sign-in at the user's PDS and back on the same page, where the writes are then offered. The
// PDS shows its password form unless this browser is signed in there, and "Authorize" unless the user
// consented before; with neither (a remembered sign-in and consent for the DID the Worker names) it
// sends the tab straight back. The Worker's session token came back in the address's fragment: the
// dashboard must have taken it off.
export async function allowAtrarium(
  page: Page,
  account: { handle: string; password: string },
  opts: SignInOptions & { timeoutMs?: number } = {},
) {
  const timeout = opts.timeoutMs ?? 30_000;
  // A page may offer it in more than one place (e.g. the membership bar and a suggestion); one grant
  // serves them all.
  const allow = page.getByRole("link", { name: ALLOW_ATRARIUM }).first();
  const from = new URL(page.url());
  const visited: string[] = [];
  const onNavigated = (frame: Frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  };
  page.on("framenavigated", onNavigated);
  try {
    await opts.onStep?.("allow-atrarium");
    // Marks this document: the page is back once a new document shows the same address.
    await page.evaluate(() => Object.assign(globalThis, { allowingAtrarium: true }));
    await allow.click();
    const pdsPage = page
      .locator('input[type="password"]')
      .or(page.getByRole("button", { name: "Authorize", exact: true }))
      .first();
    const deadline = Date.now() + timeout;
    let approved = false;
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(
          `allowing Atrarium did not come back to ${from.href}; went to ${visited.join(" -> ")}`,
        );
      if (!approved && (await pdsPage.isVisible().catch(() => false))) {
        await signInAndApprove(page, account, {
          timeoutMs: Math.max(1_000, deadline - Date.now()),
          onStep: (step) => opts.onStep?.(`worker-${step}`) ?? Promise.resolve(),
        });
        approved = true;
        continue;
      }
      const here = new URL(page.url());
      const fresh = await page.evaluate(() => !("allowingAtrarium" in globalThis)).catch(() => false);
      if (here.origin === from.origin && here.pathname === from.pathname && fresh) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    page.off("framenavigated", onNavigated);
  }
  // The page has loaded (the return commits before the app runs) once the app shows who is signed in.
  await page.getByText(`Signed in as @${account.handle}`).waitFor({ timeout });
  const back = new URL(page.url());
  if (back.hash !== "" || back.search !== from.search)
    throw new Error(
      `the address after allowing Atrarium is ${back.href}, not ${from.href} without a fragment`,
    );
  await allow.waitFor({ state: "detached", timeout });
}

// The fallback under "Advanced" on the sign-in page: handle and app password, no trip to the PDS's pages.
export async function signInWithAppPassword(
  page: Page,
  baseUrl: string,
  account: { handle: string; password: string },
  opts: { expectSignedIn?: boolean } = {},
) {
  await page.goto(`${baseUrl}/sign-in`);
  const form = await openAppPasswordForm(page);
  await form.getByLabel("Handle").fill(account.handle);
  await form.getByLabel("App password").fill(account.password);
  await form.getByRole("button", { name: "Sign in with app password" }).click();
  if (opts.expectSignedIn !== false) await page.getByText(`Signed in as @${account.handle}`).waitFor();
}

export async function openAppPasswordForm(page: Page, summary = "Advanced: sign in with an app password") {
  await page.getByText(summary, { exact: true }).click();
  return page.getByRole("form", { name: summary });
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

export interface SeededCommunity {
  id: string;
  uri: string;
  hashtag: string;
  name: string;
}

async function post(account: TestAccount, text: string, createdAt: string): Promise<string> {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  const res = await account.agent.com.atproto.repo.createRecord({
    repo: account.did,
    collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", text: rt.text, facets: rt.facets, createdAt },
  });
  return res.data.uri;
}

// A community owned by `owner` with `member` joined and `posts` posts by the member, oldest first,
// indexed by the Worker (through Jetstream) before it returns. `moderators`: DIDs its config lists.
export async function seedCommunity(
  workerUrl: string,
  owner: TestAccount,
  member: TestAccount,
  name: string,
  posts: number,
  moderators: string[] = [],
): Promise<SeededCommunity> {
  const id = randomBytes(4).toString("hex");
  const hashtag = `#atrarium_${id}`;
  const config = await owner.agent.com.atproto.repo.createRecord({
    repo: owner.did,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name,
      description: "Seeded by the dashboard tests",
      hashtag,
      stage: "theme",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators,
      createdAt: new Date().toISOString(),
    },
  });
  const uri = config.data.uri;
  await member.agent.com.atproto.repo.createRecord({
    repo: member.did,
    collection: "net.atrarium.community.membership",
    record: {
      $type: "net.atrarium.community.membership",
      community: uri,
      role: "member",
      joinedAt: new Date().toISOString(),
      active: true,
    },
  });
  const start = Date.now() - posts * 60_000;
  for (let i = 1; i <= posts; i++)
    await post(member, `Seed post number ${i} ${hashtag}`, new Date(start + i * 60_000).toISOString());
  await until(`${posts} posts of ${id} in the feed`, async () => {
    const res = await fetch(`${workerUrl}/api/communities/${id}/feed?limit=100`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { posts: unknown[] };
    return body.posts.length >= posts ? true : undefined;
  });
  return { id, uri, hashtag, name };
}
