// The PDS admin UI (/admin) in a browser page of its own (its own storage: a new tab session), and its
// sign-in form, for the admin UI's Chromium tests.
import type { Browser, Page } from "playwright-core";
import { openPage } from "./browser.ts";

/**
 * Runs `fn` with a fresh page and closes it; on failure the screenshot (by `shot`) and the page's
 * errors and failed requests go into the message.
 */
export async function withAdminPage(
  browser: Browser,
  shot: (page: Page, step: string) => Promise<string>,
  locale: string,
  fn: (page: Page) => Promise<void>,
): Promise<void> {
  const admin = await openPage(browser, { locale });
  try {
    await fn(admin.page);
  } catch (err) {
    await shot(admin.page, "failure").catch(() => {});
    throw new Error(`${(err as Error).message}\n${admin.problems.join("\n")}`, { cause: err });
  } finally {
    await admin.close();
  }
}

/** Fills the English sign-in form: the name is `admin` unless another is given (admin roles). */
export async function signInToAdmin(page: Page, password: string, name?: string): Promise<void> {
  if (name !== undefined) await page.getByLabel("Admin name").fill(name);
  await page.getByLabel("Admin password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
