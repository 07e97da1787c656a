// Regression (found by the administrator fuzzer, docs/security-and-reliability.md): createInviteCode
// accepted a useCount past 2^53 (JSON's 9007199254740993 parses to 2^53), which SQLite stored but
// could not hand back as a JS number, so every later getInviteCodes failed with a 500; and
// createInviteCodes' codeCount was unbounded (a typo could ask for millions of codes).
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, pdsAdminPassword } = inject("devnet");
const admin = { authorization: `Basic ${Buffer.from(`admin:${pdsAdminPassword}`).toString("base64")}` };

function post(nsid: string, body: string) {
  return fetch(`${pdsUrl}/xrpc/${nsid}`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/json" },
    body,
  });
}

describe("invite code bounds", () => {
  it("refuses a use count past 2^53 - 1, and invite codes stay listable", async () => {
    for (const nsid of ["com.atproto.server.createInviteCode", "com.atproto.server.createInviteCodes"]) {
      const res = await post(nsid, '{"useCount":9007199254740993}');
      expect(res.status, nsid).toBe(400);
      expect(((await res.json()) as { error?: string }).error).toBe("InvalidRequest");
    }
    const list = await fetch(`${pdsUrl}/xrpc/com.atproto.admin.getInviteCodes`, { headers: admin });
    expect(list.status).toBe(200);
  });

  it("refuses more than 10,000 codes in one call", async () => {
    const res = await post(
      "com.atproto.server.createInviteCodes",
      JSON.stringify({ useCount: 1, codeCount: 1_000_000_000 }),
    );
    expect(res.status).toBe(400);
    const few = await post(
      "com.atproto.server.createInviteCodes",
      JSON.stringify({ useCount: 1, codeCount: 2 }),
    );
    expect(few.status).toBe(200);
  });
});
