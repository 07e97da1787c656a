// The owner accepts a promotion suggestion in a real browser (issue 21), against the shared devnet,
// whose Worker runs with small promotion thresholds (packages/devnet/src/test-global-setup.ts). alice's
// theme reaches them (members, active posters, posts this week); on its page she sees the suggestion
// with its figures, lets Atrarium write to her repository and promotes the theme: the config in her own
// repo now says `community`, and the suggestion is gone. Screenshots in
// .artifacts/screenshots/dashboard-lifecycle/.
import type { DashboardServer } from "@atrarium/dashboard/server";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import {
  allowAtrarium,
  type SeededCommunity,
  seedCommunity,
  serveDashboard,
  signIn,
  until,
} from "./support/dashboard.ts";

const devnet = inject("devnet");
const shot = screenshots("dashboard-lifecycle");
let browser: Browser;
let dashboard: DashboardServer;
let alice: TestAccount;
let bob: TestAccount;
let dave: TestAccount;
let theme: SeededCommunity;

async function joinAndPost(account: TestAccount, community: SeededCommunity, text: string) {
  await account.agent.com.atproto.repo.createRecord({
    repo: account.did,
    collection: "net.atrarium.community.membership",
    record: {
      $type: "net.atrarium.community.membership",
      community: community.uri,
      role: "member",
      joinedAt: new Date().toISOString(),
      active: true,
    },
  });
  await account.agent.com.atproto.repo.createRecord({
    repo: account.did,
    collection: "app.bsky.feed.post",
    record: {
      $type: "app.bsky.feed.post",
      text: `${text} ${community.hashtag}`,
      createdAt: new Date().toISOString(),
    },
  });
}

async function stageOf(id: string): Promise<string | undefined> {
  const res = await fetch(`${devnet.workerUrl}/api/communities/${id}`);
  const body = (await res.json()) as { community?: { stage?: string } };
  return body.community?.stage;
}

beforeAll(async () => {
  [browser, dashboard, alice, bob, dave] = await Promise.all([
    launchBrowser(),
    serveDashboard(devnet),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
  ]);
  theme = await seedCommunity(devnet.workerUrl, alice, bob, "Seedling Theme", 3);
  await joinAndPost(dave, theme, "Dave was here too");
  await until("dave's post in the theme's feed", async () => {
    const res = await fetch(`${devnet.workerUrl}/api/communities/${theme.id}/feed?limit=10`);
    const body = (await res.json()) as { posts: { author: string }[] };
    return body.posts.some((p) => p.author === dave.did) ? true : undefined;
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

describe("lifecycle in the dashboard", () => {
  it("the owner sees a promotion suggestion and accepts it", { timeout: 180_000 }, async () => {
    const user = await openPage(browser, { locale: "en-US" });
    const { page } = user;
    try {
      await signIn(page, dashboard.url, alice);
      await page.goto(`${dashboard.url}/communities/${theme.id}`);
      await page.getByRole("heading", { name: "Seedling Theme" }).waitFor();
      const suggestion = page.getByTestId("suggestion-promote");
      await suggestion.getByText("This theme is ready to become a community").waitFor();
      await suggestion.getByText(/3 members · 2 active posters · 4 posts in the last 7 days/).waitFor();
      // Dated: when the Worker first made the suggestion (getSuggestions' suggestedAt).
      await suggestion
        .getByTestId("suggested-at")
        .getByText(/^Suggested on \S/)
        .waitFor();
      await shot(page, "promotion-suggested");
      expect(await stageOf(theme.id)).toBe("theme");

      await allowAtrarium(page, alice);
      await page.getByRole("button", { name: "Promote to community" }).click();
      await suggestion.waitFor({ state: "detached" });
      await page.getByText("Community", { exact: true }).first().waitFor();
      await shot(page, "promoted");

      // The stage change is the owner's own config record, rewritten in her repo.
      const record = await alice.agent.com.atproto.repo.getRecord({
        repo: alice.did,
        collection: "net.atrarium.community.config",
        rkey: theme.uri.split("/").pop() as string,
      });
      expect((record.data.value as { stage?: string }).stage).toBe("community");
      expect(await stageOf(theme.id)).toBe("community");
    } finally {
      await user.close();
    }
  });
});
