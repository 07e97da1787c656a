// Achievements and lineage in a real browser (issue 21), against the shared devnet: alice's community
// with bob as its first member and his 10 posts, and a graduated theme alice grew out of it. Anyone sees
// the community's milestones on its page and the badges in the member list, and opens bob's profile card
// with the dates; bob signed in sees "Your badges"; the graduated theme says where it grew out of and the
// parent lists it under "Themes from here". A screenshot per step in
// .artifacts/screenshots/dashboard-achievements/.
import type { DashboardServer } from "@atrarium/dashboard/server";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import { type SeededCommunity, seedCommunity, serveDashboard, signIn, until } from "./support/dashboard.ts";

const devnet = inject("devnet");
const shot = screenshots("dashboard-achievements");
let browser: Browser;
let dashboard: DashboardServer;
let alice: TestAccount;
let bob: TestAccount;
let parent: SeededCommunity;
let themeId: string;

const badgesIn = (page: Page, scope: string) =>
  page
    .locator(scope)
    .locator("[data-achievement]")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-achievement")));

// A graduated theme of `parent` owned by its owner, indexed before it returns.
async function graduatedTheme(owner: TestAccount, of: SeededCommunity): Promise<string> {
  const id = crypto
    .getRandomValues(new Uint8Array(4))
    .reduce((s, b) => s + b.toString(16).padStart(2, "0"), "");
  await owner.agent.com.atproto.repo.createRecord({
    repo: owner.did,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name: "Seedling Theme",
      hashtag: `#atrarium_${id}`,
      stage: "graduated",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
      parentCommunity: of.uri,
      createdAt: new Date().toISOString(),
    },
  });
  await until(`theme ${id} indexed`, async () =>
    (await fetch(`${devnet.workerUrl}/api/communities/${id}`)).ok ? true : undefined,
  );
  return id;
}

beforeAll(async () => {
  [browser, dashboard, alice, bob] = await Promise.all([
    launchBrowser(),
    serveDashboard(devnet),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
  ]);
  parent = await seedCommunity(devnet.workerUrl, alice, bob, "Badge Garden", 10);
  themeId = await graduatedTheme(alice, parent);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
});

describe("achievements and lineage in the dashboard", () => {
  it("shows milestones, member badges, a profile card, your badges and the lineage", {
    timeout: 180_000,
  }, async () => {
    const user = await openPage(browser, { locale: "en-US" });
    const { page } = user;
    try {
      await page.goto(`${dashboard.url}/communities/${parent.id}`);
      await page.getByTestId("achievements").getByText("First post").waitFor();
      await page.getByTestId("achievements").getByText("First theme spawned").waitFor();
      expect(await badgesIn(page, "[data-testid=achievements]")).toEqual(
        expect.arrayContaining(["first-post", "theme-spawned"]),
      );
      await page.getByTestId("hierarchy").getByText("Themes from here").waitFor();
      await page.getByTestId("hierarchy").getByRole("link", { name: "Seedling Theme" }).waitFor();
      await shot(page, "community-milestones");

      await page.getByRole("link", { name: "Members" }).click();
      const row = page.locator(`tr[data-did="${bob.did}"]`);
      await row.locator("[data-achievement=posts-10]").waitFor();
      expect((await badgesIn(page, `tr[data-did="${bob.did}"]`)).sort()).toEqual([
        "first-post",
        "founding-member",
        "posts-10",
      ]);
      await shot(page, "member-badges");
      await row.getByRole("button").first().click();
      const card = page.getByTestId("member-card");
      await card.locator("[data-achievement=founding-member]").waitFor();
      expect(await card.locator("[data-achievement=posts-10]").getAttribute("title")).toMatch(
        /^10 posts · reached /,
      );
      await shot(page, "profile-card");

      await page.goto(`${dashboard.url}/communities/${themeId}`);
      await page.getByTestId("hierarchy").getByText("Grew out of").waitFor();
      await page.getByTestId("hierarchy").getByRole("link", { name: "Badge Garden" }).waitFor();
      await shot(page, "grew-out-of");

      await signIn(page, dashboard.url, bob);
      await page.goto(`${dashboard.url}/communities/${parent.id}`);
      const mine = page.getByTestId("your-badges");
      await mine.locator("[data-achievement=founding-member]").waitFor();
      expect((await badgesIn(page, "[data-testid=your-badges]")).sort()).toEqual([
        "first-post",
        "founding-member",
        "posts-10",
      ]);
      await shot(page, "your-badges");
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
