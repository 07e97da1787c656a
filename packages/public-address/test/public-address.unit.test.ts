// Which addresses count as public unicast, and the DNS lookup that refuses a name resolving to any
// other (the SSRF guard of the PDS's proxy and did:web fetches, and of Jetstream's crawled upstreams).
import { describe, expect, it } from "vitest";
import { isPublicAddress, NonPublicAddressError, publicOnlyLookup } from "../src/index.ts";

describe("public address guard", () => {
  it.each([
    ["8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.20.0.1", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    ["fd00::1", false],
    ["fe80::1", false],
    ["not-an-ip", false],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("classifies special-purpose ranges as non-public", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses a name that resolves to loopback", async () => {
    const err = await new Promise<unknown>((resolve) => publicOnlyLookup("localhost", {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(NonPublicAddressError);
  });
});
