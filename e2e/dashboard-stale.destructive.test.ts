// With the user's PDS process killed, the dashboard keeps showing the community (from the Worker's
// index) under a visible stale notice instead of a blank page or a sign-out; once the PDS is back the
// notice about it goes away. A private devnet (processes, so the PDS can be killed) with the dashboard.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Devnet, startDevnet } from "@atrarium/devnet";
import { createTestAccount, freePorts } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshots } from "./support/browser.ts";
import { type SeededCommunity, seedCommunity, signIn } from "./support/dashboard.ts";

const shot = screenshots("dashboard-stale");
const dataDir = mkdtempSync(path.join(tmpdir(), "dashboard-stale-"));
let devnet: Devnet;
let browser: Browser;
let dashboardUrl: string;
let workerUrl: string;

beforeAll(async () => {
  const [plc, pds, jetstream, worker, workerInspector, dashboard] = await freePorts(6);
  [devnet, browser] = await Promise.all([
    startDevnet({
      dataDir,
      seed: false,
      dashboard: true,
      ports: { plc, pds, jetstream, worker, workerInspector, dashboard },
    }),
    launchBrowser(),
  ]);
  dashboardUrl = `http://localhost:${dashboard}`;
  workerUrl = `http://127.0.0.1:${worker}`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("dashboard with the PDS down", () => {
  it("shows the stale notice, keeps the page and the session, and recovers", {
    timeout: 90_000,
  }, async () => {
    const owner = await createTestAccount(devnet.pdsUrl);
    const member = await createTestAccount(devnet.pdsUrl);
    const community: SeededCommunity = await seedCommunity(
      workerUrl,
      owner,
      member,
      "Weathered Greenhouse",
      3,
    );
    const user = await openPage(browser);
    const { page } = user;
    try {
      await signIn(page, dashboardUrl, owner);
      await page.goto(`${dashboardUrl}/communities/${community.id}`);
      await page.getByText("You own this community").waitFor();
      await page.getByText("Seed post number 3 ").waitFor();
      expect(await page.getByTestId("stale-notice").count()).toBe(0);
      await shot(page, "pds-up");

      await devnet.components.get("PDS")?.kill();
      await page.reload();
      await page.getByRole("heading", { name: community.name }).waitFor();
      const notice = page.getByTestId("stale-notice");
      await notice.waitFor();
      await expect.poll(() => notice.textContent()).toContain("cannot be reached");
      // Still signed in, and the index still shows the feed.
      await page.getByText(`Signed in as @${owner.handle}`).waitFor();
      await page.getByText("Seed post number 3 ").waitFor();
      await shot(page, "pds-killed-stale-notice");

      await devnet.restart("PDS");
      await page.reload();
      await page.getByText("You own this community").waitFor();
      await expect
        .poll(
          async () =>
            (await notice.count()) === 0 || !(await notice.textContent())?.includes("cannot be reached"),
        )
        .toBe(true);
      await shot(page, "pds-back");
    } catch (err) {
      await shot(page, "failure").catch(() => {});
      throw new Error(`${(err as Error).message}\n${user.problems.join("\n")}`, { cause: err });
    } finally {
      await user.close();
    }
  });
});
