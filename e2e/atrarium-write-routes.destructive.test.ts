// The write routes' index-at-once, with no stream at all: a private PLC + PDS and a Worker whose
// Jetstream address answers nothing, so every record it indexes came from its own writes (or a sync
// hint). A community created through the route owns its hashtag and shows its member as soon as the
// route answers; a config with the same hashtag that the stream never saw, written straight to another
// PDS repo and hinted, cannot take the hashtag (hints never claim; the own write was observed first).

import { type InProcessStack, startInProcessStack } from "@atrarium/devnet";
import { createTestAccount, freePorts, type TestAccount } from "@atrarium/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateWorker, privateWorker } from "../apps/atrarium/test/support/private-worker.ts";
import { launchBrowser } from "./support/browser.ts";
import { signInToWorker } from "./support/worker-session.ts";

let stack: InProcessStack;
let worker: PrivateWorker;
let browser: Browser;
let alice: TestAccount;
let bob: TestAccount;
const tokens = new Map<string, string>();

async function call(who: TestAccount | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${tokens.get(who.did)}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(new URL(path, worker.url), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function ok(who: TestAccount | null, method: string, path: string, body?: unknown) {
  const answer = await call(who, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  stack = await startInProcessStack();
  // Nothing listens there: the Worker's receiver never gets an event.
  const [deadPort] = await freePorts(1);
  [worker, browser, alice, bob] = await Promise.all([
    privateWorker(`http://127.0.0.1:${deadPort}`, { HANDLE_RESOLVER_URL: stack.pdsUrl }, stack.plcUrl),
    launchBrowser(),
    createTestAccount(stack.pdsUrl),
    createTestAccount(stack.pdsUrl),
  ]);
  for (const account of [alice, bob]) {
    const session = await signInToWorker({
      workerUrl: worker.url,
      identifier: account.handle,
      password: account.password,
      browser,
    });
    expect(session.did).toBe(account.did);
    tokens.set(account.did, session.token);
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await stack?.close();
}, 60_000);

describe("write routes without a stream", { timeout: 60_000 }, () => {
  let id: string;
  let hashtag: string;
  let configUri: string;

  it("creates a community that owns its hashtag when the route answers", async () => {
    const created = await ok(alice, "POST", "/api/communities", { name: "Streamless" });
    id = String(created.id);
    hashtag = String(created.hashtag);
    configUri = String(created.uri);
    const { community } = await ok(null, "GET", `/api/communities/${id}`);
    expect(community).toMatchObject({ id, uri: configUri, owner: alice.did, name: "Streamless", hashtag });
    const feed = `at://${alice.did}/app.bsky.feed.generator/${id}`;
    await ok(null, "GET", `/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feed)}`);
  });

  it("shows a join, a block and a leave at once, all from the routes' own writes", async () => {
    await ok(bob, "POST", "/api/memberships", { community: id });
    const members = async () =>
      (await ok(null, "GET", `/api/communities/${id}/members`)).members as {
        did: string;
        blocked: boolean;
      }[];
    expect(await members()).toContainEqual(expect.objectContaining({ did: bob.did, role: "member" }));
    await ok(alice, "POST", "/api/moderation/block", { community: id, did: bob.did });
    expect((await members()).find((m) => m.did === bob.did)?.blocked).toBe(true);
    const { actions } = await ok(alice, "GET", `/api/moderation/actions?community=${id}`);
    expect(actions).toEqual([expect.objectContaining({ action: "block_user", target: bob.did })]);
    await ok(bob, "DELETE", `/api/memberships/${id}`);
    expect((await members()).map((m) => m.did)).not.toContain(bob.did);
  });

  it("keeps the hashtag from a config with the same hashtag the stream never saw", async () => {
    const squat = await bob.agent.com.atproto.repo.createRecord({
      repo: bob.did,
      collection: "net.atrarium.community.config",
      record: {
        $type: "net.atrarium.community.config",
        name: "Squatter",
        hashtag,
        stage: "theme",
        feedMix: { own: 100, parent: 0, global: 0 },
        moderators: [],
        // Older than alice's: a config's own createdAt decides nothing.
        createdAt: "2020-01-01T00:00:00.000Z",
      },
    });
    const hint = await ok(bob, "POST", `/api/communities/${id}/sync`, { uri: squat.data.uri });
    expect(hint.status).toBe("ignored");
    const { community } = await ok(null, "GET", `/api/communities/${id}`);
    expect(community).toMatchObject({ uri: configUri, owner: alice.did, name: "Streamless" });
  });
});
