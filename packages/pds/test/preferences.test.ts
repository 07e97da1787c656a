// app.bsky.actor.getPreferences / putPreferences through @atproto/api, stored in the account's own
// store: only app.bsky types, the declared age read-only, personal details out of an app password's reach.
import { AtpAgent } from "@atproto/api";
import { createTestAccount, type TestAccount } from "@atrarium/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { failure } from "./support/call-failure.ts";

const { pdsUrl } = inject("devnet");

const adult = { $type: "app.bsky.actor.defs#adultContentPref", enabled: true };
const birth = { $type: "app.bsky.actor.defs#personalDetailsPref", birthDate: "1990-01-01T00:00:00.000Z" };
const feeds = { $type: "app.bsky.actor.defs#savedFeedsPrefV2", items: [] };

describe("preferences", () => {
  let acct: TestAccount;
  let appAgent: AtpAgent;

  beforeAll(async () => {
    acct = await createTestAccount(pdsUrl);
    const created = await acct.agent.com.atproto.server.createAppPassword({ name: "phone" });
    appAgent = new AtpAgent({ service: pdsUrl });
    await appAgent.login({ identifier: acct.handle, password: created.data.password });
  });

  it("starts empty, keeps what was put in order, and a put replaces the whole set", async () => {
    expect((await acct.agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([]);
    await acct.agent.app.bsky.actor.putPreferences({ preferences: [adult, birth, feeds] });
    expect((await acct.agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([
      adult,
      birth,
      feeds,
    ]);
    await acct.agent.app.bsky.actor.putPreferences({ preferences: [feeds, birth] });
    expect((await acct.agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([feeds, birth]);
  });

  it("are per account", async () => {
    const other = await createTestAccount(pdsUrl);
    expect((await other.agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([]);
  });

  it("refuses a preference outside app.bsky, and one without a $type", async () => {
    expect(
      await failure(
        acct.agent.app.bsky.actor.putPreferences({
          preferences: [{ $type: "com.example.pref", x: 1 } as { $type: string }],
        }),
      ),
    ).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "Some preferences are not in the app.bsky namespace",
    });
    const res = await fetch(`${pdsUrl}/xrpc/app.bsky.actor.putPreferences`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${acct.agent.session?.accessJwt}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ preferences: [{ enabled: true }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("InvalidRequest");
  });

  it("never lets a put set the declared age", async () => {
    const agent = (await createTestAccount(pdsUrl)).agent;
    const declared = { $type: "app.bsky.actor.defs#declaredAgePref", isOverAge13: true };
    await agent.app.bsky.actor.putPreferences({ preferences: [adult, declared] });
    expect((await agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([adult]);
  });

  it("hides personal details from an app password, refuses its writes of them, and keeps them stored", async () => {
    await acct.agent.app.bsky.actor.putPreferences({ preferences: [adult, birth] });
    expect((await appAgent.app.bsky.actor.getPreferences()).data.preferences).toEqual([adult]);
    expect(await failure(appAgent.app.bsky.actor.putPreferences({ preferences: [birth] }))).toEqual({
      status: 400,
      error: "InvalidRequest",
      message: "Do not have authorization to set preferences.",
    });
    // Its own put replaces what it can see; the birth date it cannot see stays.
    await appAgent.app.bsky.actor.putPreferences({ preferences: [feeds] });
    expect((await acct.agent.app.bsky.actor.getPreferences()).data.preferences).toEqual([birth, feeds]);
  });

  it("needs a session", async () => {
    const anon = new AtpAgent({ service: pdsUrl });
    expect((await failure(anon.app.bsky.actor.getPreferences())).status).toBe(401);
    expect((await failure(anon.app.bsky.actor.putPreferences({ preferences: [] }))).status).toBe(401);
  });
});
