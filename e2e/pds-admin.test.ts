// The PDS admin web UI (/admin) in a real browser (Debian Chromium via playwright-core) against a PDS of
// its own with an admin password: one user reports another; the admin signs in through a deep link,
// opens the report, takes the account down (its sign-in then fails with AccountTakedown), restores it
// (sign-in works again), resolves the report, reads the audit log and the scheduled jobs; a wrong
// password is refused; the Japanese locale; the Overview's live charts of /metrics move with traffic.
// A screenshot per step in .artifacts/screenshots/pds-admin/.

import { AtpAgent } from "@atproto/api";
import { ensureAdminUiBuilt } from "@atrarium/pds-admin/build";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePds, startPrivatePds } from "../packages/pds/test/support/private-pds.ts";
import { launchBrowser, screenshots } from "./support/browser.ts";
import { signInToAdmin, withAdminPage } from "./support/pds-admin-page.ts";

const ADMIN_PASSWORD = "e2e-admin-ui-password";
const shot = screenshots("pds-admin");
let browser: Browser;
let pds: PrivatePds;
let reporter: TestAccount;
let offender: TestAccount;

// The account's own sign-in at the PDS, as any client does it: the error name, or "ok".
async function signInOutcome(account: TestAccount): Promise<string> {
  const agent = new AtpAgent({ service: pds.pdsUrl });
  try {
    await agent.login({ identifier: account.handle, password: account.password });
    return "ok";
  } catch (err) {
    return (err as { error?: string }).error ?? String(err);
  }
}

// A fresh page (its own storage: a new browser tab session) per step, and the English sign-in form.
const asAdmin = (locale: string, fn: (page: Page) => Promise<void>) =>
  withAdminPage(browser, shot, locale, fn);
const signInAsAdmin = (page: Page, password = ADMIN_PASSWORD) => signInToAdmin(page, password);

beforeAll(async () => {
  await ensureAdminUiBuilt();
  [browser, pds] = await Promise.all([launchBrowser(), startPrivatePds({ adminPassword: ADMIN_PASSWORD })]);
  [reporter, offender] = await Promise.all([createTestAccount(pds.pdsUrl), createTestAccount(pds.pdsUrl)]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pds?.close();
});

describe("PDS admin web UI in a real browser", () => {
  it("refuses a wrong admin password and keeps the credential out of localStorage", async () => {
    await asAdmin("en-US", async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/`);
      await page.getByRole("heading", { name: "Administrator sign-in" }).waitFor();
      await signInAsAdmin(page, "not-the-password");
      await page.getByRole("alert").filter({ hasText: "Wrong admin name or password." }).waitFor();
      await shot(page, "wrong-password");
      await signInAsAdmin(page);
      await page.getByRole("heading", { name: "Overview" }).waitFor();
      await page.getByText("Taken down").first().waitFor();
      await shot(page, "overview");
      const stored = await page.evaluate(() => ({
        session: Object.keys(sessionStorage),
        local: Object.values(localStorage).join(" "),
      }));
      expect(stored.session).toContain("aurora-locus-admin.credential");
      expect(stored.local).not.toContain(btoa(`admin:${ADMIN_PASSWORD}`));

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Administrator sign-in" }).waitFor();
      expect(await page.evaluate(() => Object.keys(sessionStorage))).not.toContain(
        "aurora-locus-admin.credential",
      );

      // A credential the server no longer takes (the password was changed): the first refused call
      // signs the tab out, saying why.
      await page.evaluate(() =>
        sessionStorage.setItem("aurora-locus-admin.credential", `Basic ${btoa("admin:an-old-password")}`),
      );
      await page.reload();
      await page.getByText("The server refused the admin password: sign in again.").waitFor();
      await page.getByRole("heading", { name: "Administrator sign-in" }).waitFor();
      await shot(page, "signed-out-by-server");
    });
  });

  it("takes an account down from a report, restores it and resolves the report", {
    timeout: 120_000,
  }, async () => {
    const report = (
      await reporter.agent.com.atproto.moderation.createReport({
        reasonType: "com.atproto.moderation.defs#reasonSpam",
        reason: "Sells counterfeit seeds in every reply",
        subject: { $type: "com.atproto.admin.defs#repoRef", did: offender.did },
      })
    ).data;
    expect(await signInOutcome(offender)).toBe("ok");

    await asAdmin("en-US", async (page) => {
      // A deep link signed out: the sign-in form, then the page asked for.
      await page.goto(`${pds.pdsUrl}/admin/reports`);
      await signInAsAdmin(page);
      await page.getByRole("heading", { name: "Reports" }).waitFor();
      const reportLink = page.getByRole("link", { name: `Report ${report.id}`, exact: true });
      await reportLink.waitFor();
      await shot(page, "report-queue");

      await reportLink.click();
      const detail = page.getByRole("region", { name: `Report ${report.id}` });
      await detail.getByText("Sells counterfeit seeds in every reply").waitFor();
      await detail.getByRole("link", { name: `@${offender.handle}` }).waitFor();
      await detail.getByRole("link", { name: `@${reporter.handle}` }).waitFor();
      await shot(page, "report-opened");

      await detail.getByRole("button", { name: "Take down account" }).click();
      await detail.getByText("The account is taken down.").waitFor();
      await detail.getByRole("button", { name: "Restore account" }).waitFor();
      await shot(page, "account-taken-down");
      expect(await signInOutcome(offender)).toBe("AccountTakedown");

      // The account page says so too.
      await detail.getByRole("link", { name: `@${offender.handle}` }).click();
      await page.getByRole("heading", { name: `@${offender.handle}` }).waitFor();
      await expect.poll(() => page.getByTestId("account-status").textContent()).toBe("Taken down");
      await shot(page, "account-page-taken-down");

      await page.getByRole("button", { name: "Restore account" }).click();
      await page.getByText("The account is restored.").waitFor();
      await expect.poll(() => page.getByTestId("account-status").textContent()).toBe("Active");
      await shot(page, "account-restored");
      expect(await signInOutcome(offender)).toBe("ok");

      // Back to the report: resolve it with a note; it leaves the open queue for the resolved one.
      await page.goBack();
      await detail
        .getByLabel("Resolution note")
        .fill("Took the account down, then restored it after review.");
      await detail.getByRole("button", { name: "Resolve report" }).click();
      await reportLink.waitFor({ state: "detached" });
      await page.getByRole("link", { name: "Resolved", exact: true }).click();
      await page.getByRole("link", { name: `Report ${report.id}`, exact: true }).click();
      await detail.getByText("Took the account down, then restored it after review.").waitFor();
      await shot(page, "report-resolved");

      // Every admin call was recorded: the takedown and the restore among them.
      await page.getByRole("link", { name: "Audit log" }).click();
      await page.getByRole("heading", { name: "Audit log" }).waitFor();
      await expect
        .poll(() => page.getByRole("cell", { name: "com.atproto.admin.updateSubjectStatus" }).count())
        .toBeGreaterThanOrEqual(2);
      await shot(page, "audit-log");

      // The scheduled jobs: each ran at startup; its row shows the outcome.
      await page.getByRole("link", { name: "Jobs" }).click();
      await page.getByRole("heading", { name: "Scheduled jobs" }).waitFor();
      await page
        .getByRole("row")
        .filter({ hasText: "expired-sessions" })
        .getByRole("cell", { name: "Succeeded" })
        .waitFor();
      await shot(page, "jobs");

      // Accounts: search by handle.
      await page.getByRole("link", { name: "Accounts" }).click();
      await page.getByRole("searchbox").fill(offender.handle);
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByRole("link", { name: `@${offender.handle}` }).waitFor();
      await shot(page, "account-search");
    });

    const resolved = await fetch(
      `${pds.pdsUrl}/xrpc/net.atrarium.pds.admin.listReports?state=resolved&limit=100`,
      { headers: { authorization: `Basic ${btoa(`admin:${ADMIN_PASSWORD}`)}` } },
    );
    const body = (await resolved.json()) as { reports: { id: number; resolutionNote?: string }[] };
    expect(body.reports.find((r) => r.id === report.id)?.resolutionNote).toBe(
      "Took the account down, then restored it after review.",
    );
  });

  it("manages an account: handle, email, password, invites, an invite code, deletion", {
    timeout: 120_000,
  }, async () => {
    const member = await createTestAccount(pds.pdsUrl);
    const asAdminApi = { headers: { authorization: `Basic ${btoa(`admin:${ADMIN_PASSWORD}`)}` } };
    const adminApi = new AtpAgent({ service: pds.pdsUrl }).com.atproto;
    const { code } = (
      await adminApi.server.createInviteCode({ useCount: 1, forAccount: member.did }, asAdminApi)
    ).data;
    const newHandle = `renamed${Date.now().toString(36)}.test`;
    const newEmail = `${newHandle}@example.test`;
    const newPassword = "a-new-password-set-by-the-admin";

    await asAdmin("en-US", async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/accounts/${member.did}`);
      await signInAsAdmin(page);
      await page.getByRole("heading", { name: `@${member.handle}` }).waitFor();

      const handleCard = page.getByRole("region", { name: "Handle" });
      await handleCard.getByLabel("New handle").fill(newHandle);
      await handleCard.getByRole("button", { name: "Save" }).click();
      await handleCard.getByText("Saved.").waitFor();
      await page.getByRole("heading", { name: `@${newHandle}` }).waitFor();

      const emailCard = page.getByRole("region", { name: "Email" });
      await emailCard.getByLabel("New email").fill(newEmail);
      await emailCard.getByRole("button", { name: "Save" }).click();
      await emailCard.getByText("Saved.").waitFor();
      await expect.poll(() => page.getByTestId("account-email").textContent()).toBe(newEmail);

      const passwordCard = page.getByRole("region", { name: "Password" });
      await passwordCard.getByLabel("New password").fill(newPassword);
      await passwordCard.getByRole("button", { name: "Set password" }).click();
      await passwordCard.getByText("The password is changed.").waitFor();
      expect(await signInOutcome({ ...member, handle: newHandle, password: newPassword })).toBe("ok");

      await page
        .getByRole("region", { name: "Invite codes" })
        .getByRole("button", { name: "Disable invites" })
        .click();
      await page.getByText("Invite codes disabled").waitFor();
      await page
        .getByRole("region", { name: "Invite codes" })
        .getByRole("button", { name: "Enable invites" })
        .waitFor();
      await shot(page, "account-managed");

      await page.getByRole("link", { name: "Invite codes" }).click();
      const codeRow = page.getByRole("row").filter({ hasText: code });
      await codeRow.getByRole("button", { name: "Disable" }).click();
      await codeRow.getByText("Disabled").waitFor();
      await shot(page, "invite-code-disabled");

      await page.goto(`${pds.pdsUrl}/admin/accounts/${member.did}`);
      const deleteCard = page.getByRole("region", { name: "Delete" });
      const deleteButton = deleteCard.getByRole("button", { name: "Delete account" });
      expect(await deleteButton.isDisabled()).toBe(true);
      await deleteCard.getByRole("checkbox").check();
      await deleteButton.click();
      await page.getByRole("heading", { name: "Accounts" }).waitFor();
    });

    const codes = (await adminApi.admin.getInviteCodes({ limit: 100 }, asAdminApi)).data.codes;
    expect(codes.find((c) => c.code === code)?.disabled).toBe(true);
    expect(await signInOutcome({ ...member, handle: newHandle, password: newPassword })).not.toBe("ok");
    await expect(adminApi.admin.getAccountInfo({ did: member.did }, asAdminApi)).rejects.toMatchObject({
      status: 400,
    });
  });

  it("charts the PDS's metrics live on the Overview, and they move with traffic", {
    timeout: 90_000,
  }, async () => {
    await asAdmin("en-US", async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/`);
      await signInAsAdmin(page);
      await page.getByRole("heading", { name: "Live" }).waitFor();
      const chart = (metric: string) => page.locator(`figure[data-metric="${metric}"]`);
      const reading = async (metric: string, what: "latest" | "peak") =>
        Number((await chart(metric).getAttribute(`data-${what}`)) || Number.NaN);
      // Two scrapes make the first point.
      await expect.poll(() => reading("requestsPerSecond", "latest"), { timeout: 15_000 }).toBeGreaterThan(0);
      await shot(page, "live-metrics-idle");

      // Traffic: record writes, a refused sign-in, and a firehose subscriber held open meanwhile.
      const firehose = new WebSocket(
        `${pds.pdsUrl.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos`,
      );
      try {
        await new Promise((resolve, reject) => {
          firehose.onopen = resolve;
          firehose.onerror = () => reject(new Error("the firehose did not open"));
        });
        for (let i = 0; i < 12; i++) {
          await reporter.agent.com.atproto.repo.createRecord({
            repo: reporter.did,
            collection: "app.bsky.feed.post",
            record: {
              $type: "app.bsky.feed.post",
              text: `charted ${i}`,
              createdAt: new Date().toISOString(),
            },
          });
        }
        expect(await signInOutcome({ ...reporter, password: "not-their-password" })).toBe(
          "AuthenticationRequired",
        );
        const moved = { timeout: 15_000 };
        await expect.poll(() => reading("commitsPerSecond", "peak"), moved).toBeGreaterThan(0);
        await expect.poll(() => reading("authFailuresPerMinute", "peak"), moved).toBeGreaterThan(0);
        await expect.poll(() => reading("subscribers", "latest"), moved).toBe(1);
        await expect.poll(() => reading("p95LatencyMs", "peak"), moved).toBeGreaterThan(0);
        expect(await reading("backlog", "latest")).toBeGreaterThanOrEqual(0);
        expect(await reading("rateLimitHitsPerMinute", "latest")).toBe(0);
        expect(await chart("commitsPerSecond").locator("path").count()).toBeGreaterThan(0);
        // Rates are per interval between scrapes: without writes, the next one is 0 again.
        await expect.poll(() => reading("commitsPerSecond", "latest"), moved).toBe(0);
        await shot(page, "live-metrics-traffic");
      } finally {
        firehose.close();
      }
      await expect.poll(() => reading("subscribers", "latest"), { timeout: 15_000 }).toBe(0);
    });
  });

  it("speaks Japanese, and the choice survives a reload", async () => {
    await asAdmin("en-US", async (page) => {
      await page.goto(`${pds.pdsUrl}/admin/accounts`);
      await signInAsAdmin(page);
      await page.getByRole("heading", { name: "Accounts" }).waitFor();
      await page.getByLabel("Language").selectOption("ja");
      await page.getByRole("heading", { name: "アカウント" }).waitFor();
      await page.getByRole("link", { name: "通報" }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "アカウント" }).waitFor();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("ja");
      await shot(page, "japanese-accounts");
    });
  });
});
