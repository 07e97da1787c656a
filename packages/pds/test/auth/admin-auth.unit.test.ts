// The admin credential: HTTP Basic admin:<password>, nothing else, and nobody without a password set.
import { describe, expect, it } from "vitest";
import { BadAdminCredentials, verifyAdmin } from "../../src/auth/admin-auth.ts";

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;

describe("admin credential", () => {
  it("accepts admin:<password> only", () => {
    expect(() => verifyAdmin("s3cret", basic("admin:s3cret"))).not.toThrow();
    // A colon in the password is part of it.
    expect(() => verifyAdmin("a:b", basic("admin:a:b"))).not.toThrow();
    for (const wrong of ["admin:s3cre", "admin:s3cret ", "root:s3cret", "admin:", ":s3cret"])
      expect(() => verifyAdmin("s3cret", basic(wrong)), wrong).toThrow(BadAdminCredentials);
  });

  it("answers a missing or non-Basic credential as missing, not as a wrong password", () => {
    for (const header of [undefined, "", "Bearer abc", basic("no-colon")]) {
      let thrown: unknown;
      try {
        verifyAdmin("s3cret", header);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(header)).toMatchObject({ status: 401, error: "AuthenticationRequired" });
      expect(thrown).not.toBeInstanceOf(BadAdminCredentials);
    }
  });

  it("refuses everyone when no admin password is configured", () => {
    for (const header of [basic("admin:"), basic("admin:undefined"), basic("admin:s3cret")])
      expect(() => verifyAdmin(undefined, header)).toThrow(BadAdminCredentials);
  });
});
