// The quickstart in a real browser (Debian Chromium via playwright-core) against the shared devnet:
// alice signs in (OAuth: her handle on the dashboard, then her PDS's sign-in and consent pages), allows
// Atrarium to write to her repository (the Worker's own OAuth client, her PDS's consent page) and
// creates a community through the Worker; bob signs in, allows Atrarium, joins and posts with the
// hashtag; the post shows in the feed; alice hides it and it disappears for everyone; alice unhides it.
// Creating, joining, leaving and moderating go through the Worker's routes with its session for the
// user, never straight to the PDS, and show at once. Plus an unknown handle, a refusal at the PDS (of
// the dashboard, of Atrarium), the app-password fallback (a wrong password; a member's writes; the
// Japanese form), a feed longer than two pages, and the Japanese locale. One page open at a time; a
// screenshot per step in .artifacts/screenshots/dashboard-quickstart/.

import type { DashboardServer } from "@atrarium/dashboard/server";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import {
  ALLOW_ATRARIUM,
  allowAtrarium,
  openAppPasswordForm,
  type SeededCommunity,
  seedCommunity,
  serveDashboard,
  signIn,
  signInWithAppPassword,
} from "./support/dashboard.ts";

const devnet = inject("devnet");
const shot = screenshots("dashboard-quickstart");
let browser: Browser;
let dashboard: DashboardServer;
let alice: TestAccount;
let bob: TestAccount;
let carol: TestAccount;
let seeded: SeededCommunity;

// The Worker session tokens this browser keeps (lib/worker-session.ts), by DID.
async function workerTokens(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => JSON.parse(localStorage.getItem("atrarium.worker-sessions") ?? "{}"));
}

async function feedUris(communityId: string): Promise<string[]> {
  const res = await fetch(`${devnet.workerUrl}/api/communities/${communityId}/feed?limit=100`);
  const body = (await res.json()) as { posts: { uri: string }[] };
  return body.posts.map((p) => p.uri);
}

// Runs `fn` with a fresh page (its own cookies and storage: a different person or browser) and closes it.
// `context` opens more tabs of the same browser.
async function asVisitor(
  locale: string,
  fn: (page: Page, context: BrowserContext) => Promise<void>,
  viewport?: { width: number; height: number },
): Promise<void> {
  const user = await openPage(browser, { locale, viewport });
  try {
    await fn(user.page, user.context);
  } catch (err) {
    await shot(user.page, "failure").catch(() => {});
    throw new Error(`${(err as Error).message}\nat ${user.page.url()}\n${user.problems.join("\n")}`, {
      cause: err,
    });
  } finally {
    await user.close();
  }
}
const as = (fn: (page: Page, context: BrowserContext) => Promise<void>) => asVisitor("en-US", fn);

beforeAll(async () => {
  [browser, dashboard, alice, bob, carol] = await Promise.all([
    launchBrowser(),
    serveDashboard(devnet),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
  ]);
  // Five posts a page: twelve posts make three pages.
  seeded = await seedCommunity(devnet.workerUrl, alice, carol, "Seeded Orchard", 12);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

describe("dashboard in a real browser", () => {
  it("runs the quickstart: create, join, post, hide for everyone, unhide", { timeout: 180_000 }, async () => {
    const name = `Quickstart Garden ${Date.now().toString(36)}`;
    let communityId = "";
    let hashtag = "";

    await as(async (page) => {
      await signIn(page, dashboard.url, alice, { onStep: (step) => shot(page, `alice-${step}`) });
      // The session is an OAuth one: it survives a reload (restored from this browser's store).
      await page.reload();
      await page.getByText(`Signed in as @${alice.handle}`).waitFor();
      await shot(page, "alice-signed-in");
      await page.getByRole("link", { name: "New community" }).first().click();
      // Atrarium writes the community into her repo with her permission, asked once here.
      await page.getByRole("link", { name: ALLOW_ATRARIUM }).waitFor();
      expect(await page.getByLabel("Name").count()).toBe(0);
      await allowAtrarium(page, alice, { onStep: (step) => shot(page, `alice-${step}`) });
      expect(Object.keys(await workerTokens(page))).toEqual([alice.did]);
      await page.getByLabel("Name").fill(name);
      await page.getByLabel("Description").fill("Tomatoes, beans and everything green");
      await shot(page, "alice-new-community-form");
      await page.getByRole("button", { name: "Create community" }).click();
      hashtag = (await page.getByTestId("new-hashtag").textContent()) ?? "";
      expect(hashtag).toMatch(/^#atrarium_[0-9a-f]{8}$/);
      await expect.poll(() => page.getByRole("button", { name: "Copy the hashtag" }).count()).toBe(1);
      await shot(page, "alice-community-created");
      await page.getByRole("link", { name: "Open the community" }).click();
      await page.getByRole("heading", { name }).waitFor();
      await page.getByText("You own this community").waitFor();
      communityId = hashtag.slice("#atrarium_".length);
      expect(page.url()).toContain(`/communities/${communityId}`);
      await shot(page, "alice-community-page");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("link", { name: "Sign in" }).waitFor();
      // Signing out ended the Worker session too.
      await expect.poll(() => workerTokens(page)).toEqual({});
      await shot(page, "alice-signed-out");
    });

    let bobPost = "";
    const text = `Our first harvest ${Date.now().toString(36)}`;
    await as(async (page) => {
      await signIn(page, dashboard.url, bob);
      await page.getByRole("link", { name: "Communities" }).click();
      await page.getByRole("link", { name }).click();
      await page.getByText("You are not a member yet.").waitFor();
      expect(await page.getByRole("button", { name: "Join" }).count()).toBe(0);
      await shot(page, "bob-before-allowing");
      await allowAtrarium(page, bob);
      await page.getByText("You are not a member yet.").waitFor();
      await shot(page, "bob-before-join");
      await page.getByRole("button", { name: "Join" }).click();
      await page.getByText("You are a member").waitFor();
      await shot(page, "bob-joined");
      await page.getByLabel("Write a post").fill(text);
      await page.getByRole("button", { name: "Post", exact: true }).click();
      const post = page.locator("li.post", { hasText: text });
      await post.waitFor();
      await expect.poll(() => post.textContent()).toContain(hashtag);
      bobPost = (await post.getAttribute("data-uri")) ?? "";
      expect(bobPost).toContain(bob.did);
      await shot(page, "bob-posted");
    });
    expect(await feedUris(communityId)).toContain(bobPost);

    await as(async (page) => {
      await signIn(page, dashboard.url, alice);
      await page.goto(`${dashboard.url}/communities/${communityId}`);
      await allowAtrarium(page, alice);
      const post = page.locator("li.post", { hasText: text });
      await post.waitFor();
      await shot(page, "alice-sees-bobs-post");
      await post.getByRole("button", { name: "Hide" }).click();
      await post.waitFor({ state: "detached" });
      await shot(page, "alice-hid-post");
    });

    // Gone for everyone: a visitor who is not signed in, and the API itself.
    expect(await feedUris(communityId)).not.toContain(bobPost);
    await as(async (page) => {
      await page.goto(`${dashboard.url}/communities/${communityId}`);
      await page.getByRole("heading", { name }).waitFor();
      await page.getByText(/No posts yet/).waitFor();
      expect(await page.getByText(text).count()).toBe(0);
      await shot(page, "visitor-post-hidden");
    });

    await as(async (page) => {
      await signIn(page, dashboard.url, alice);
      await page.goto(`${dashboard.url}/communities/${communityId}?tab=moderation`);
      await allowAtrarium(page, alice);
      const hidden = page.locator("li.post-hidden", { hasText: text });
      await hidden.waitFor();
      await page.getByRole("cell", { name: "Hid a post", exact: true }).waitFor();
      await shot(page, "alice-moderation-tab");
      await hidden.getByRole("button", { name: "Unhide" }).click();
      await page.getByText("No hidden posts.").waitFor();
      await page.getByRole("link", { name: "Feed", exact: true }).click();
      await page.locator("li.post", { hasText: text }).waitFor();
      await shot(page, "alice-unhid-post");
    });
    expect(await feedUris(communityId)).toContain(bobPost);
  });

  it("shows an error for a handle nobody has", async () => {
    await as(async (page) => {
      await page.goto(`${dashboard.url}/sign-in`);
      await page
        .getByLabel("Handle")
        .first()
        .fill(`nobody-${Date.now().toString(36)}.test`);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect
        .poll(() => page.getByRole("alert").textContent())
        .toContain("No account with that handle was found.");
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      await shot(page, "unknown-handle");
    });
  });

  it("says so when signing in is cancelled at the PDS", async () => {
    await as(async (page) => {
      await page.goto(`${dashboard.url}/sign-in`);
      await page.getByLabel("Handle").first().fill(bob.handle);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByRole("button", { name: "Cancel", exact: true }).click();
      // Back through /oauth/callback (error=access_denied) to the sign-in page, which says why.
      await page.getByRole("alert").filter({ hasText: "Signing in was cancelled at your PDS." }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(await page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
      await shot(page, "cancelled-at-pds");
    });
  });

  it("says so when Atrarium is not allowed at the PDS, and offers it again", async () => {
    await as(async (page) => {
      // Signed in with an app password: the PDS's own sign-in form shows, with its Cancel button.
      await signInWithAppPassword(page, dashboard.url, bob);
      await page.goto(`${dashboard.url}/communities/new`);
      await page.getByRole("link", { name: ALLOW_ATRARIUM }).click();
      await page.getByRole("button", { name: "Cancel", exact: true }).click();
      // Back through the Worker's /oauth/callback to the page that asked, which says so.
      await page.getByRole("alert").filter({ hasText: "Atrarium was not allowed" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/communities/new");
      expect(new URL(page.url()).hash).toBe("");
      expect(await workerTokens(page)).toEqual({});
      await page.getByRole("link", { name: ALLOW_ATRARIUM }).waitFor();
      await shot(page, "atrarium-not-allowed");
    });
  });

  it("keeps tabs in step: a second tab shares the session, a sign-out in one signs the other out", async () => {
    await as(async (page, context) => {
      await signIn(page, dashboard.url, bob);
      const other = await context.newPage();
      await other.goto(`${dashboard.url}/communities/${seeded.id}`);
      await other.getByText(`Signed in as @${bob.handle}`).waitFor();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("link", { name: "Sign in" }).waitFor();
      // The other tab hears of it (the OAuth client's cross-tab channel) without a reload.
      await other.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
      await other.reload();
      await other.getByRole("heading", { name: seeded.name }).waitFor();
      expect(await other.getByText(`Signed in as @${bob.handle}`).count()).toBe(0);
      await shot(other, "other-tab-signed-out");
    });
  });

  it("shows an error for a wrong app password", async () => {
    await as(async (page) => {
      await signInWithAppPassword(
        page,
        dashboard.url,
        { handle: alice.handle, password: "not-the-password" },
        { expectSignedIn: false },
      );
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("Wrong handle or password.");
      expect(await page.getByRole("link", { name: "Sign in" }).count()).toBe(1);
      await shot(page, "wrong-password");
    });
  });

  it("scrolls the feed through more than two pages", async () => {
    // A short window: the end of the first page must be below the fold even before the rest of the
    // page (stats, the sign-in box) has rendered, or the feed rightly loads the next page at once.
    const short = { width: 1100, height: 500 };
    await asVisitor(
      "en-US",
      async (page) => {
        await page.goto(`${dashboard.url}/communities/${seeded.id}`);
        const posts = page.locator("li.post");
        await page.getByText("Seed post number 12 ").waitFor();
        expect(await posts.count()).toBe(5);
        await shot(page, "scroll-first-page");
        // Each scroll to the end brings the next page through the cursor.
        for (const expected of [10, 12]) {
          await page.locator(".feed-end").scrollIntoViewIfNeeded();
          await expect.poll(() => posts.count(), { timeout: 10_000 }).toBe(expected);
        }
        await page.getByText("You have reached the end of the feed.").waitFor();
        const texts = await posts.allTextContents();
        expect(texts[0]).toContain("Seed post number 12 ");
        expect(texts[11]).toContain("Seed post number 1 ");
        await shot(page, "scroll-all-pages");
      },
      short,
    );
  });

  it("renders in Japanese", async () => {
    await asVisitor("ja-JP", async (page) => {
      await page.goto(dashboard.url);
      await page.getByRole("heading", { name: "コミュニティ", exact: true }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("ja");
      await shot(page, "ja-home");
      // signIn() speaks English; the Japanese app-password form is filled here instead.
      await page.goto(`${dashboard.url}/sign-in`);
      const form = await openAppPasswordForm(page, "詳細: アプリパスワードでサインイン");
      await form.getByLabel("ハンドル").fill(alice.handle);
      await form.getByLabel("アプリパスワード").fill(alice.password);
      await form.getByRole("button", { name: "アプリパスワードでサインイン" }).click();
      await page.getByText(`@${alice.handle} でサインイン中`).waitFor();
      await page.goto(`${dashboard.url}/communities/${seeded.id}`);
      await page.getByText("あなたはこのコミュニティのオーナーです").waitFor();
      await page.getByRole("link", { name: "メンバー", exact: true }).waitFor();
      await shot(page, "ja-community-page");
    });
  });

  it("lets the owner block and unblock a member, edit the community and publish its feed", {
    timeout: 90_000,
  }, async () => {
    const carolsPost = "Seed post number 12 ";
    await as(async (page) => {
      await signIn(page, dashboard.url, alice);
      await page.goto(`${dashboard.url}/communities/${seeded.id}?tab=members`);
      await allowAtrarium(page, alice);
      const row = page.locator("tr", { hasText: `@${carol.handle}` });
      await row.getByRole("button", { name: "Block" }).click();
      await row.getByText("Blocked").waitFor();
      await shot(page, "owner-blocked-member");
      await page.getByRole("link", { name: "Feed", exact: true }).click();
      await page.getByText(/No posts yet/).waitFor();
      await page.getByRole("link", { name: "Members", exact: true }).click();
      await row.getByRole("button", { name: "Unblock" }).click();
      await row.getByRole("button", { name: "Block" }).waitFor();
      await page.getByRole("link", { name: "Moderation", exact: true }).click();
      await page.getByRole("cell", { name: "Blocked a member", exact: true }).waitFor();
      await page.getByRole("cell", { name: "Unblocked a member", exact: true }).waitFor();
      await shot(page, "owner-moderation-log");
      await page.getByRole("link", { name: "Feed", exact: true }).click();
      await page.getByText(carolsPost).waitFor();

      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByLabel("Name").fill("Seeded Orchard and Meadow");
      await page.getByLabel("Moderators", { exact: true }).fill(bob.handle);
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Saved.").waitFor();
      await page.getByRole("heading", { name: "Seeded Orchard and Meadow" }).waitFor();
      await page.getByText("The feed is not published yet.").waitFor();
      await page.getByRole("button", { name: "Publish feed" }).click();
      await page.getByText("The feed is published.").waitFor();
      await shot(page, "owner-settings");
    });
    const config = await alice.agent.com.atproto.repo.getRecord({
      repo: alice.did,
      collection: "net.atrarium.community.config",
      rkey: seeded.uri.split("/").pop() as string,
    });
    expect(config.data.value).toMatchObject({ name: "Seeded Orchard and Meadow", moderators: [bob.did] });
    const feed = await alice.agent.com.atproto.repo.getRecord({
      repo: alice.did,
      collection: "app.bsky.feed.generator",
      rkey: seeded.id,
    });
    expect((feed.data.value as { did: string }).did).toMatch(/^did:web:/);
    // bob is a moderator now: the moderation tab is his too.
    await as(async (page) => {
      await signIn(page, dashboard.url, bob);
      await page.goto(`${dashboard.url}/communities/${seeded.id}`);
      await page.getByText("You moderate this community").waitFor();
      await page.getByRole("link", { name: "Moderation", exact: true }).waitFor();
    });
  });

  it("lets a member leave and join again (signed in with an app password)", async () => {
    await as(async (page) => {
      await signInWithAppPassword(page, dashboard.url, carol);
      await page.goto(`${dashboard.url}/communities/${seeded.id}`);
      await page.getByText("You are a member").waitFor();
      // Atrarium's permission is asked at the PDS whichever way she signed in to the dashboard.
      await allowAtrarium(page, carol);
      await page.getByRole("button", { name: "Leave" }).click();
      await page.getByText("You are not a member yet.").waitFor();
      // Only members' posts count: carol's are gone with her.
      await page.getByText(/No posts yet/).waitFor();
      await shot(page, "member-left");
      await page.getByRole("button", { name: "Join" }).click();
      await page.getByText("You are a member").waitFor();
      await page.getByText("Seed post number 12 ").waitFor();
    });
    const memberships = await carol.agent.com.atproto.repo.listRecords({
      repo: carol.did,
      collection: "net.atrarium.community.membership",
    });
    // Leaving kept the record (active: false); joining again reactivated the same one.
    expect(memberships.data.records).toHaveLength(1);
    expect(memberships.data.records[0].value).toMatchObject({ community: seeded.uri, active: true });
  });
});
