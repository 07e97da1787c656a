// Issue 22's features in one browser journey, against the shared devnet. alice owns an invite-only
// community; bob asks to join from its page and alice approves him in the Members tab. bob's post with an
// image and a link card is drawn as a Bluesky client draws it. bob reacts with 👍 and takes it back,
// proposes a custom emoji from a PNG file (uploaded to his own PDS), alice approves it in the Emoji tab and
// bob reacts with it (the chip draws it from his PDS). Last, alice hands the community to bob in Settings,
// bob accepts from the banner and gives himself a title, shown in the member list and next to his post;
// what alice decided as the owner (the approved emoji) still holds.
// A screenshot per step in .artifacts/screenshots/dashboard-community-features/.
import { randomBytes } from "node:crypto";
import type { DashboardServer } from "@atrarium/dashboard/server";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshots, type UserPage } from "./support/browser.ts";
import { allowAtrarium, serveDashboard, signIn, until } from "./support/dashboard.ts";

const devnet = inject("devnet");
const shot = screenshots("dashboard-community-features");
const id = randomBytes(4).toString("hex");
const NAME = "Walled Garden";
let browser: Browser;
let dashboard: DashboardServer;
let alice: TestAccount;
let bob: TestAccount;
let alicePage: UserPage;
let bobPage: UserPage;
let communityUrl: string;

async function community(): Promise<{ owner: string; accessType?: string } | undefined> {
  const res = await fetch(`${devnet.workerUrl}/api/communities/${id}`);
  return res.ok ? ((await res.json()) as { community: { owner: string } }).community : undefined;
}

async function memberDids(): Promise<string[]> {
  const res = await fetch(`${devnet.workerUrl}/api/communities/${id}/members?limit=100`);
  return ((await res.json()) as { members: { did: string }[] }).members.map((m) => m.did);
}

const png = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 4, background } })
    .png()
    .toBuffer();

const decoded = (page: Page, alt: string) =>
  until(`${alt} decoded`, async () => {
    const ok = await page
      .getByRole("img", { name: alt })
      .first()
      .evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });
    return ok ? true : undefined;
  });

beforeAll(async () => {
  [browser, dashboard, alice, bob] = await Promise.all([
    launchBrowser(),
    serveDashboard(devnet, 10),
    createTestAccount(devnet.pdsUrl),
    createTestAccount(devnet.pdsUrl),
  ]);
  await alice.agent.com.atproto.repo.createRecord({
    repo: alice.did,
    collection: "net.atrarium.community.config",
    record: {
      $type: "net.atrarium.community.config",
      name: NAME,
      hashtag: `#atrarium_${id}`,
      stage: "theme",
      accessType: "invite-only",
      feedMix: { own: 100, parent: 0, global: 0 },
      moderators: [],
      createdAt: new Date().toISOString(),
    },
  });
  await until("the invite-only community indexed", async () =>
    (await community())?.accessType === "invite-only" ? true : undefined,
  );
  communityUrl = `${dashboard.url}/communities/${id}`;
  [alicePage, bobPage] = await Promise.all([openPage(browser), openPage(browser)]);
  await signIn(alicePage.page, dashboard.url, alice);
  await signIn(bobPage.page, dashboard.url, bob);
}, 120_000);

afterAll(async () => {
  await alicePage?.close();
  await bobPage?.close();
  await browser?.close();
  await dashboard?.close();
});

// Page problems (errors, failed requests) in the failure message of a step.
async function step(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${[...bobPage.problems, ...alicePage.problems].join("\n")}`);
  }
}

describe("community features in the dashboard", () => {
  it("bob asks to join the invite-only community and alice approves him", { timeout: 180_000 }, () =>
    step(async () => {
      const page = bobPage.page;
      await page.goto(communityUrl);
      await page.getByRole("heading", { name: NAME }).waitFor();
      await allowAtrarium(page, bob);
      await page.getByRole("button", { name: "Request to join" }).click();
      await page.getByTestId("join-request-sent").waitFor();
      await shot(page, "request-sent");
      expect(await memberDids()).not.toContain(bob.did);

      const owner = alicePage.page;
      await owner.goto(`${communityUrl}?tab=members`);
      await owner.getByRole("heading", { name: NAME }).waitFor();
      await allowAtrarium(owner, alice);
      const request = owner.locator(`[data-testid="join-request"][data-did="${bob.did}"]`);
      await request.waitFor();
      await shot(owner, "request-listed");
      await request.getByRole("button", { name: "Approve" }).click();
      await request.waitFor({ state: "detached" });
      await until("bob a member", async () => ((await memberDids()).includes(bob.did) ? true : undefined));
      await shot(owner, "request-approved");
    }),
  );

  it("bob's post with an image and a link card is drawn in the feed", { timeout: 120_000 }, () =>
    step(async () => {
      const photo = await bob.agent.com.atproto.repo.uploadBlob(await png(640, 320, "#c0392b"), {
        encoding: "image/png",
      });
      // An images post and a link-card post.
      await bob.agent.com.atproto.repo.createRecord({
        repo: bob.did,
        collection: "app.bsky.feed.post",
        record: {
          $type: "app.bsky.feed.post",
          text: `Our first harvest #atrarium_${id}`,
          createdAt: new Date().toISOString(),
          embed: {
            $type: "app.bsky.embed.images",
            images: [{ image: photo.data.blob, alt: "Tomatoes on the vine" }],
          },
        },
      });
      await bob.agent.com.atproto.repo.createRecord({
        repo: bob.did,
        collection: "app.bsky.feed.post",
        record: {
          $type: "app.bsky.feed.post",
          text: `How we did it #atrarium_${id}`,
          createdAt: new Date().toISOString(),
          embed: {
            $type: "app.bsky.embed.external",
            external: {
              uri: "https://example.com/harvest",
              title: "Harvest notes",
              description: "Step by step",
            },
          },
        },
      });
      const page = bobPage.page;
      await until("both posts in the feed", async () => {
        const res = await fetch(`${devnet.workerUrl}/api/communities/${id}/feed?limit=10`);
        return ((await res.json()) as { posts: unknown[] }).posts.length >= 2 ? true : undefined;
      });
      await page.goto(communityUrl);
      const feed = page.getByRole("list", { name: "Posts" });
      await feed.getByRole("img", { name: "Tomatoes on the vine" }).waitFor();
      await decoded(page, "Tomatoes on the vine");
      await feed.getByTestId("link-card").getByText("Harvest notes").waitFor();
      await shot(page, "rich-posts");
    }),
  );

  it("bob reacts with an emoji alice approved", { timeout: 240_000 }, () =>
    step(async () => {
      const page = bobPage.page;
      await page.goto(communityUrl);
      const firstPost = page.getByRole("list", { name: "Posts" }).getByRole("listitem").first();
      await firstPost.getByRole("button", { name: "Add reaction" }).click();
      await firstPost.getByRole("button", { name: "React with 👍" }).click();
      const thumbs = firstPost.getByTestId("reaction-👍");
      await thumbs.waitFor();
      expect(await thumbs.getAttribute("aria-pressed")).toBe("true");
      await thumbs.click();
      await thumbs.waitFor({ state: "detached" });

      await page.getByRole("link", { name: "Emoji", exact: true }).click();
      await page.getByLabel("Shortcode").fill("sprout");
      await page
        .getByLabel(/^Image/)
        .setInputFiles({ name: "sprout.png", mimeType: "image/png", buffer: await png(64, 64, "#2f6f4f") });
      await page.getByRole("button", { name: "Propose emoji" }).click();
      await page.getByText("Proposed.", { exact: false }).waitFor();

      const owner = alicePage.page;
      await owner.goto(`${communityUrl}?tab=emoji`);
      await owner.getByRole("button", { name: "Approve :sprout:" }).click();
      await owner.getByTestId("emoji-sprout").waitFor();
      await decoded(owner, ":sprout:");
      await shot(owner, "emoji-approved");

      await page.goto(communityUrl);
      const post = page.getByRole("list", { name: "Posts" }).getByRole("listitem").first();
      await post.getByRole("button", { name: "Add reaction" }).click();
      await post.getByRole("button", { name: "React with :sprout:" }).click();
      const sprout = post.getByTestId("reaction-:sprout:");
      await sprout.waitFor();
      expect(await sprout.getAttribute("aria-pressed")).toBe("true");
      await decoded(page, ":sprout:");
      // Drawn from bob's own PDS (as his DID document names it), through com.atproto.sync.getBlob.
      const src = new URL(String(await sprout.getByRole("img", { name: ":sprout:" }).getAttribute("src")));
      expect(src.port).toBe(new URL(devnet.pdsUrl).port);
      expect(src.pathname).toBe("/xrpc/com.atproto.sync.getBlob");
      expect(src.searchParams.get("did")).toBe(bob.did);
      await shot(page, "custom-reaction");
    }),
  );

  it("alice hands the community to bob, who accepts and takes a title", { timeout: 180_000 }, () =>
    step(async () => {
      const owner = alicePage.page;
      await owner.goto(`${communityUrl}?tab=settings`);
      await owner.getByLabel("New owner").selectOption(bob.did);
      await owner.getByRole("button", { name: "Transfer ownership" }).click();
      await owner.getByTestId("transfer-pending").waitFor();
      expect((await community())?.owner).toBe(alice.did);

      const page = bobPage.page;
      await page.goto(communityUrl);
      const banner = page.getByTestId("transfer-offer");
      await banner.getByText("offers you this community").waitFor();
      await shot(page, "transfer-offer");
      await banner.getByRole("button", { name: "Accept ownership" }).click();
      await banner.waitFor({ state: "detached" });
      await until("bob owns the community", async () =>
        (await community())?.owner === bob.did ? true : undefined,
      );

      await page.getByRole("link", { name: "Members" }).click();
      const row = page.locator(`tr[data-did="${bob.did}"]`);
      await row.getByRole("button", { name: "Set title" }).click();
      await row.getByLabel("Title").fill("Head Gardener");
      await row.getByRole("button", { name: "Save" }).click();
      await row.getByTestId("member-title").getByText("Head Gardener").waitFor();
      await page.getByRole("link", { name: "Feed" }).click();
      await page.getByTestId("member-title").getByText("Head Gardener").first().waitFor();
      // alice's decisions as the owner carry over: bob's approval and the emoji she approved.
      await page.getByTestId("reaction-:sprout:").waitFor();
      await shot(page, "new-owner-titled");
    }),
  );
});
