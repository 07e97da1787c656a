// Regression (found by the fuzzers, docs/security-and-reliability.md): the 413 for an operation body
// past the limit kept the connection alive with the rest of the body unread, so the client's next
// request on that connection failed ("other side closed"). The 413 now closes the connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newIdentity, startTestPlc, type TestPlc } from "./helpers.ts";

let plc: TestPlc;
beforeAll(async () => {
  plc = await startTestPlc({ logLevel: "error" });
});
afterAll(() => plc.cleanup());

describe("oversized operation bodies", () => {
  it("a 413 closes its connection, and the next requests all get answers", async () => {
    const id = await newIdentity();
    const oversized = JSON.stringify({ ...id.genesis, pad: "x".repeat(2 * 1024 * 1024) });
    const post = (body: string) =>
      fetch(`${plc.url}/${id.did}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    for (let i = 0; i < 4; i++) {
      const refused = await post(oversized);
      expect(refused.status).toBe(413);
      expect(refused.headers.get("connection")).toBe("close");
      expect(typeof ((await refused.json()) as { message?: unknown }).message).toBe("string");
      const next = await post("{}");
      expect(next.status).toBe(400);
    }
  });
});
