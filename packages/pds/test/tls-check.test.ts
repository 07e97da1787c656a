// /tls-check answers a reverse proxy's on-demand TLS question: is this a name the PDS serves?
import { createTestAccount } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl } = inject("devnet");
const check = async (domain?: string) => {
  const res = await fetch(`${pdsUrl}/tls-check${domain === undefined ? "" : `?domain=${domain}`}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("/tls-check", () => {
  it("allows the service host and existing handles only", async () => {
    const acct = await createTestAccount(pdsUrl);
    expect(await check("localhost")).toEqual({ status: 200, body: { success: true } });
    expect(await check(acct.handle)).toEqual({ status: 200, body: { success: true } });
    expect((await check("nobody-here.test")).status).toBe(404);
    // Reserved names (see reserved-handles.test.ts) are never served.
    expect(await check("admin.test")).toEqual(await check("nobody-here.test"));
    expect((await check("example.com")).status).toBe(400);
    expect((await check()).status).toBe(400);
  });
});
