// Community hierarchy and the feed mix in a real browser (issue 21), against the shared devnet: carol
// moderates alice's community; on its page she starts a theme inside it, lets Atrarium write to her
// repository, creates the theme, sees it placed under its parent (and the parent listing it), and in
// the theme's settings edits the feed mix with a live preview of the order the feed will serve, then
// saves it; the theme's feed then serves its own posts and the parent's in that mix. A screenshot per
// step in .artifacts/screenshots/dashboard-hierarchy/.
import type { DashboardServer } from "@atrarium/dashboard/server";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import {
  allowAtrarium,
  type SeededCommunity,
  seedCommunity,
  serveDashboard,
  signIn,
} from "./support/dashboard.ts";

const devnet = inject("devnet");
const shot = screenshots("dashboard-hierarchy");
let browser: Browser;
let dashboard: DashboardServer;
let alice: TestAccount;
let bob: TestAccount;
let carol: TestAccount;
let parent: SeededCommunity;

const slotsOf = (page: Page) =>
  page
    .getByTestId("mix-preview")
    .locator("li")
    .evaluateAll((lis) => lis.map((li) => li.getAttribute("data-source")));

async function skeleton(owner: string, id: string): Promise<string[]> {
  const feed = encodeURIComponent(`at://${owner}/app.bsky.feed.generator/${id}`);
  const res = await fetch(`${devnet.workerUrl}/xrpc/app.bsky.feed.getFeedSkeleton?limit=100&feed=${feed}`);
  const body = (await res.json()) as { feed: { post: string }[] };
  return body.feed.map((f) => f.post);
}

beforeAll(async () => {
  [browser, dashboard, alice, bob, carol] = await Promise.all([
    launchBrowser(),
    serveDashboard(devnet),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
  ]);
  parent = await seedCommunity(devnet.workerUrl, alice, bob, "Orchard Parent", 4, [carol.did]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

describe("hierarchy and feed mix in the dashboard", () => {
  it("a moderator starts a theme, edits its mix with a live preview, and the feed serves the mix", {
    timeout: 180_000,
  }, async () => {
    const user = await openPage(browser, { locale: "en-US" });
    const { page } = user;
    try {
      await signIn(page, dashboard.url, carol);
      await page.goto(`${dashboard.url}/communities/${parent.id}`);
      await page.getByRole("heading", { name: "Orchard Parent" }).waitFor();
      await page.getByTestId("start-theme").click();
      await page.getByRole("heading", { name: "New theme" }).waitFor();
      await page.getByTestId("theme-parent").getByText("Orchard Parent").waitFor();
      await allowAtrarium(page, carol);
      await page.getByLabel("Name").fill("Apple Theme");
      await shot(page, "new-theme-form");
      await page.getByRole("button", { name: "Create theme" }).click();
      const hashtag = (await page.getByTestId("new-hashtag").textContent()) ?? "";
      const themeId = hashtag.slice("#atrarium_".length);
      expect(themeId).toMatch(/^[0-9a-f]{8}$/);
      await page.getByRole("link", { name: "Open the community" }).click();
      await page.getByRole("heading", { name: "Apple Theme" }).waitFor();
      await page.getByTestId("hierarchy").getByRole("link", { name: "Orchard Parent" }).waitFor();
      await shot(page, "theme-page");

      // The mix editor: 80/15/5 by default under a parent, previewed slot by slot.
      await page.getByRole("link", { name: "Settings" }).click();
      await page.getByTestId("feed-mix").waitFor();
      expect(await page.getByLabel("This community").inputValue()).toBe("80");
      const before = await slotsOf(page);
      expect(before.filter((s) => s === "own")).toHaveLength(16);
      expect(before.filter((s) => s === "parent")).toHaveLength(3);
      await page.getByLabel("This community").fill("60");
      // 60 + 15 + 5: not saved, said why.
      await page.getByText("The shares add up to 80").waitFor();
      expect(await page.getByRole("button", { name: "Save the mix" }).isDisabled()).toBe(true);
      await page.getByLabel("Parent").fill("40");
      await page.getByLabel("Everywhere").fill("0");
      const after = await slotsOf(page);
      expect(after.filter((s) => s === "own")).toHaveLength(12);
      expect(after.filter((s) => s === "parent")).toHaveLength(8);
      await shot(page, "mix-preview");
      // Leave the field first: headless Chromium scrolls the page when a focused number input loses
      // focus on the button's mousedown, and the click then lands beside the button.
      await page.getByLabel("Everywhere").press("Tab");
      await page.getByRole("button", { name: "Save the mix" }).click();
      await page.getByTestId("feed-mix").getByText("Saved.").waitFor();
      await shot(page, "mix-saved");

      const record = await carol.agent.com.atproto.repo.listRecords({
        repo: carol.did,
        collection: "net.atrarium.community.config",
      });
      expect(record.data.records.map((r) => r.value)).toContainEqual(
        expect.objectContaining({ parentCommunity: parent.uri, feedMix: { own: 60, parent: 40, global: 0 } }),
      );
      // The theme has no posts of its own yet: its feed is the parent's posts.
      const parentPosts = await skeleton(alice.did, parent.id);
      expect(parentPosts.length).toBeGreaterThan(0);
      expect(await skeleton(carol.did, themeId)).toEqual(parentPosts);

      // The parent lists its new theme.
      await page.goto(`${dashboard.url}/communities/${parent.id}`);
      await page.getByTestId("hierarchy").getByRole("link", { name: "Apple Theme" }).waitFor();
      await shot(page, "parent-lists-theme");
    } catch (err) {
      await shot(page, "failure").catch(() => {});
      throw new Error(`${(err as Error).message}\nat ${page.url()}\n${user.problems.join("\n")}`, {
        cause: err,
      });
    } finally {
      await user.close();
    }
  });
});
