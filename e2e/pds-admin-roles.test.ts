// Admin roles in the PDS admin web UI (/admin), in a real browser (Debian Chromium via playwright-core)
// against a PDS of its own: the break-glass owner adds a moderator and a viewer on the Administrators
// page (and changes and removes a third); the moderator signs in with its own name, takes an account
// down and is offered no deletion nor account changes; the viewer sees the lists and no action at
// all; the audit log names the moderator. The server's refusals are tested in
// packages/pds/test/admin-roles.test.ts. A screenshot per step in .artifacts/screenshots/pds-admin-roles/.
import { AtpAgent } from "@atproto/api";
import { PDS_LEXICON_DOCS } from "@atrarium/lexicon";
import { ensureAdminUiBuilt } from "@atrarium/pds-admin/build";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../packages/pds/test/support/admin-client.ts";
import { type PrivatePds, startPrivatePds } from "../packages/pds/test/support/private-pds.ts";
import { launchBrowser, screenshots } from "./support/browser.ts";
import { signInToAdmin, withAdminPage } from "./support/pds-admin-page.ts";

const ADMIN_PASSWORD = "e2e-admin-roles-password";
const MODERATOR = { name: "mod-e2e", password: "moderator-password-e2e" };
const VIEWER = { name: "view-e2e", password: "viewer-password-e2e" };
const owner = basicAuth("admin", ADMIN_PASSWORD);
const shot = screenshots("pds-admin-roles");
let browser: Browser;
let pds: PrivatePds;
let offender: TestAccount;
let reporter: TestAccount;
let reportId: number;

const asAdmin = (fn: (page: Page) => Promise<void>) => withAdminPage(browser, shot, "en-US", fn);

beforeAll(async () => {
  await ensureAdminUiBuilt();
  [browser, pds] = await Promise.all([launchBrowser(), startPrivatePds({ adminPassword: ADMIN_PASSWORD })]);
  [offender, reporter] = await Promise.all([createTestAccount(pds.pdsUrl), createTestAccount(pds.pdsUrl)]);
  const report = await reporter.agent.com.atproto.moderation.createReport({
    reasonType: "com.atproto.moderation.defs#reasonSpam",
    subject: { $type: "com.atproto.admin.defs#repoRef", did: offender.did },
  });
  reportId = report.data.id;
  await new AtpAgent({ service: pds.pdsUrl }).com.atproto.server.createInviteCode({ useCount: 1 }, owner);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pds?.close();
});

// Adds an administrator with the Administrators page's form and waits for its row.
async function addAdmin(page: Page, name: string, role: string, password: string) {
  const form = page.getByRole("region", { name: "Add an administrator" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Add administrator" }).click();
  await form.getByText("Administrator added.").waitFor();
  await page.getByRole("row").filter({ hasText: name }).waitFor();
}

// The administrators as the server lists them, asked with the owner's credential.
async function adminRoles(): Promise<{ admins: { name: string; role: string }[] }> {
  const agent = new AtpAgent({ service: pds.pdsUrl });
  for (const doc of PDS_LEXICON_DOCS) agent.lex.add(doc);
  return (await agent.call("net.atrarium.pds.admin.listAdmins", {}, undefined, owner)).data;
}

describe("admin roles in the admin web UI", () => {
  it("lets the owner add administrators, change a role and remove one", { timeout: 120_000 }, async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/`);
      await signInToAdmin(page, ADMIN_PASSWORD);
      await page.getByTestId("signed-in-as").filter({ hasText: "admin (owner)" }).waitFor();
      await page.getByRole("link", { name: "Administrators" }).click();
      await page.getByRole("heading", { name: "Administrators" }).waitFor();
      await addAdmin(page, MODERATOR.name, "moderator", MODERATOR.password);
      await addAdmin(page, VIEWER.name, "viewer", VIEWER.password);
      await addAdmin(page, "short-lived", "viewer", "short-lived-password");
      await shot(page, "admins-added");

      await page.getByLabel("Role of short-lived").selectOption("admin");
      await expect
        .poll(async () => (await adminRoles()).admins.find((a) => a.name === "short-lived")?.role)
        .toBe("admin");
      await page.getByRole("button", { name: "Remove short-lived" }).click();
      await page.getByRole("row").filter({ hasText: "short-lived" }).waitFor({ state: "detached" });
      await shot(page, "admin-removed");
    });
    expect((await adminRoles()).admins.map((a) => [a.name, a.role])).toEqual([
      [MODERATOR.name, "moderator"],
      [VIEWER.name, "viewer"],
    ]);
  });

  it("lets the moderator take an account down, and offers it no deletion", { timeout: 120_000 }, async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/accounts/${offender.did}`);
      await signInToAdmin(page, MODERATOR.password, MODERATOR.name);
      await page
        .getByTestId("signed-in-as")
        .filter({ hasText: `${MODERATOR.name} (moderator)` })
        .waitFor();
      await page.getByRole("heading", { name: `@${offender.handle}` }).waitFor();
      await page.getByRole("button", { name: "Take down account" }).click();
      await page.getByRole("button", { name: "Restore account" }).waitFor();
      // Invites are a moderator's switch; deletion and the account's credentials are not.
      await page.getByRole("button", { name: "Disable invites" }).waitFor();
      for (const absent of ["Delete account", "Set password"])
        expect(await page.getByRole("button", { name: absent }).count(), absent).toBe(0);
      expect(await page.getByRole("link", { name: "Administrators" }).count()).toBe(0);
      // Labelling is a moderator's too.
      await page.getByLabel("Label value").selectOption("spam");
      await page.getByRole("button", { name: "Apply label" }).click();
      await page.getByText("Label spam applied.").waitFor();
      await page.getByRole("button", { name: `Negate spam on ${offender.did}` }).waitFor();
      await shot(page, "moderator-took-down");
    });
    const status = await new AtpAgent({ service: pds.pdsUrl }).com.atproto.admin.getSubjectStatus(
      { did: offender.did },
      owner,
    );
    expect(status.data.takedown?.applied).toBe(true);
  });

  it("shows the viewer the lists and no action", { timeout: 120_000 }, async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/accounts/${offender.did}`);
      await signInToAdmin(page, VIEWER.password, VIEWER.name);
      await page
        .getByTestId("signed-in-as")
        .filter({ hasText: `${VIEWER.name} (viewer)` })
        .waitFor();
      await page.getByRole("heading", { name: `@${offender.handle}` }).waitFor();
      await page.getByRole("region", { name: "Takedown" }).getByText("Taken down").waitFor();
      // The moderator's label is listed, with no way to negate it or apply another.
      await page.getByRole("table", { name: "Labels in force" }).getByText("spam").waitFor();
      for (const absent of [
        "Take down account",
        "Restore account",
        "Delete account",
        "Disable invites",
        "Apply label",
        `Negate spam on ${offender.did}`,
      ])
        expect(await page.getByRole("button", { name: absent }).count(), absent).toBe(0);
      await shot(page, "viewer-account");

      await page.getByRole("link", { name: "Invite codes" }).click();
      await page.getByRole("heading", { name: "Invite codes" }).waitFor();
      await page.locator("td.code").first().waitFor();
      expect(await page.getByRole("button", { name: "Disable" }).count()).toBe(0);

      await page.getByRole("link", { name: "Reports" }).click();
      await page.getByRole("link", { name: `Report ${reportId}`, exact: true }).click();
      await page
        .getByRole("region", { name: `Report ${reportId}` })
        .getByText("Taken down")
        .waitFor();
      expect(await page.getByRole("button", { name: "Resolve report" }).count()).toBe(0);
      expect(await page.getByRole("link", { name: "Administrators" }).count()).toBe(0);
      await shot(page, "viewer-report");
    });
  });

  it("names the moderator in the audit log", async () => {
    await asAdmin(async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/audit`);
      await signInToAdmin(page, VIEWER.password, VIEWER.name);
      await page.getByRole("heading", { name: "Audit log" }).waitFor();
      await page
        .getByRole("row")
        .filter({ hasText: "com.atproto.admin.updateSubjectStatus" })
        .filter({ hasText: `${MODERATOR.name} (moderator)` })
        .first()
        .waitFor();
      await shot(page, "audit-log-names");
    });
  });
});
