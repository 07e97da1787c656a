// Labels in the PDS admin web UI (/admin) in a real browser (Debian Chromium via playwright-core)
// against a PDS of its own: the admin applies a label to a post from the Labels page, sees it listed
// there and served by com.atproto.label.queryLabels, negates it in place and sees it gone from both;
// then labels an account from its account page and negates it from the form. Screenshots in
// .artifacts/screenshots/pds-admin-labels/.

import { AtpAgent } from "@atproto/api";
import { ensureAdminUiBuilt } from "@atrarium/pds-admin/build";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "../packages/pds/test/support/private-pds.ts";
import { launchBrowser, screenshots } from "./support/browser.ts";
import { signInToAdmin, withAdminPage } from "./support/pds-admin-page.ts";

const ADMIN_PASSWORD = "e2e-admin-labels-password";
const shot = screenshots("pds-admin-labels");
let browser: Browser;
let pds: PrivatePds;
let author: TestAccount;
let post: { uri: string; cid: string };

// The values in force on `uri` as any client reads them.
async function labelsInForce(uri: string): Promise<string[]> {
  const agent = new AtpAgent({ service: pds.pdsUrl });
  const { labels } = (await agent.com.atproto.label.queryLabels({ uriPatterns: [uri] })).data;
  return labels.map((l) => l.val).sort();
}

const asAdmin = (fn: (page: Page) => Promise<void>) => withAdminPage(browser, shot, "en-US", fn);

beforeAll(async () => {
  await ensureAdminUiBuilt();
  [browser, pds] = await Promise.all([launchBrowser(), startPrivatePds({ adminPassword: ADMIN_PASSWORD })]);
  author = await createTestAccount(pds.pdsUrl);
  post = (await author.agent.post({ text: "A post to label", createdAt: new Date().toISOString() })) as {
    uri: string;
    cid: string;
  };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pds?.close();
});

describe("PDS admin web UI: labels", () => {
  it("applies a label to a record, lists it, negates it", { timeout: 120_000 }, async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/labels`);
      await signInToAdmin(page, ADMIN_PASSWORD);
      await page.getByRole("heading", { name: "Labels", exact: true }).waitFor();
      await page.getByText("No labels in force.").waitFor();

      await page.getByLabel("Subject (DID or at:// URI)").fill(post.uri);
      await page.getByLabel("Label value", { exact: true }).selectOption("!hide");
      await page.getByRole("button", { name: "Apply label" }).click();
      await page.getByText("Label !hide applied.").waitFor();
      const row = page
        .getByRole("table", { name: "Labels in force" })
        .getByRole("row")
        .filter({ hasText: post.uri });
      await row.getByRole("cell", { name: "!hide", exact: true }).waitFor();
      await shot(page, "record-labelled");
      expect(await labelsInForce(post.uri)).toEqual(["!hide"]);

      // A value of our own (free text) on the same record.
      await page.getByLabel("Label value", { exact: true }).selectOption({ label: "Other…" });
      await page.getByLabel("Custom label value").fill("garden-spam");
      await page.getByRole("button", { name: "Apply label" }).click();
      await page.getByText("Label garden-spam applied.").waitFor();
      await expect.poll(() => labelsInForce(post.uri)).toEqual(["!hide", "garden-spam"]);

      await page.getByRole("button", { name: `Negate !hide on ${post.uri}` }).click();
      await page.getByRole("button", { name: `Negate !hide on ${post.uri}` }).waitFor({ state: "detached" });
      await shot(page, "record-label-negated");
      expect(await labelsInForce(post.uri)).toEqual(["garden-spam"]);
    });
  });

  it("labels an account from its page and negates it", { timeout: 120_000 }, async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/accounts/${author.did}`);
      await signInToAdmin(page, ADMIN_PASSWORD);
      await page.getByRole("heading", { name: `@${author.handle}` }).waitFor();
      const labels = page.getByRole("region", { name: "Labels" });
      await labels.getByText("No labels in force.").waitFor();

      await labels.getByLabel("Label value", { exact: true }).selectOption("spam");
      await labels.getByRole("button", { name: "Apply label" }).click();
      await labels.getByText("Label spam applied.").waitFor();
      await labels.getByRole("cell", { name: "spam", exact: true }).waitFor();
      await shot(page, "account-labelled");
      expect(await labelsInForce(author.did)).toEqual(["spam"]);

      // The form negates too (the value chosen, on this account).
      await labels.getByRole("button", { name: "Negate", exact: true }).last().click();
      await labels.getByText("Label spam negated.").waitFor();
      await labels.getByText("No labels in force.").waitFor();
      await shot(page, "account-label-negated");
      expect(await labelsInForce(author.did)).toEqual([]);
    });
  });
});
