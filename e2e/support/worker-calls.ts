// Calling the Atrarium Worker's API as the e2e tests' users do: REST aliases with a Worker session
// token, /xrpc/<nsid> with a fresh service JWT from the caller's PDS (the Worker refuses a replay), and
// anonymous reads; plus reading back what a route wrote into a repo.
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { expect } from "vitest";
import { launchBrowser } from "./browser.ts";
import { signInToWorker } from "./worker-session.ts";

export interface Caller {
  account: TestAccount;
  // The Worker session token (atrs_...); absent for an account that never signed in to the Worker.
  token?: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface WorkerCalls {
  rest: (who: Caller, method: string, path: string, body?: unknown) => Promise<Answer>;
  xrpc: (who: Caller, nsid: string, input?: Record<string, unknown>) => Promise<Answer>;
  read: (path: string) => Promise<Answer>;
  // The record at `uri`, read back from the PDS.
  recordAt: (uri: string) => Promise<Record<string, unknown>>;
  // Signs the account in to the Worker in `browser` (one page at a time).
  signIn: (account: TestAccount, browser: Browser) => Promise<Caller>;
}

export async function workerCalls(workerUrl: string, pdsUrl: string): Promise<WorkerCalls> {
  const doc = (await (await fetch(`${workerUrl}/.well-known/did.json`)).json()) as { id: string };
  const call = async (path: string, init: { method: string; token?: string; body?: unknown }) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(new URL(path, workerUrl), {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return {
    rest: (who, method, path, body) => call(path, { method, token: who.token, body }),
    xrpc: async (who, nsid, input) => {
      const res = await who.account.agent.com.atproto.server.getServiceAuth({ aud: doc.id, lxm: nsid });
      const token = res.data.token;
      if (input === undefined) return call(`/xrpc/${nsid}`, { method: "GET", token });
      return call(`/xrpc/${nsid}`, { method: "POST", token, body: input });
    },
    read: (path) => call(path, { method: "GET" }),
    recordAt: async (uri) => {
      const [, , repo, collection, rkey] = uri.split("/");
      const res = await new AtpAgent({ service: pdsUrl }).com.atproto.repo.getRecord({
        repo: repo as string,
        collection: collection as string,
        rkey: rkey as string,
      });
      return res.data.value as Record<string, unknown>;
    },
    signIn: async (account, browser) => {
      const session = await signInToWorker({
        workerUrl,
        identifier: account.handle,
        password: account.password,
        browser,
      });
      expect(session.did).toBe(account.did);
      expect(session.token).toMatch(/^atrs_/);
      return { account, token: session.token };
    },
  };
}

export function expectOk(answer: Answer): Record<string, unknown> {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

// A browser, the call helpers, `signedIn` new accounts signed in to the Worker (one at a time: one
// browser page on a 2-core machine) and `others` new accounts that never sign in to it.
export async function signedInCallers(
  urls: { workerUrl: string; pdsUrl: string },
  signedIn: number,
  others = 0,
): Promise<{ browser: Browser; api: WorkerCalls; callers: Caller[]; others: Caller[] }> {
  const [browser, api, ...accounts] = await Promise.all([
    launchBrowser(),
    workerCalls(urls.workerUrl, urls.pdsUrl),
    ...Array.from({ length: signedIn + others }, () => createTestAccount(urls.pdsUrl)),
  ]);
  const callers: Caller[] = [];
  for (const account of accounts.slice(0, signedIn)) callers.push(await api.signIn(account, browser));
  return { browser, api, callers, others: accounts.slice(signedIn).map((account) => ({ account })) };
}
