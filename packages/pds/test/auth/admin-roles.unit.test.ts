// The admin roles table (auth/admin-roles.ts) against the method registry: every method that takes the
// admin credential has a role, no entry names a method that is not served, and the ranks nest.
import { describe, expect, it } from "vitest";
import { methods } from "../../src/api/index.ts";
import {
  ADMIN_METHOD_ROLES,
  ADMIN_ROLES,
  requiredAdminRole,
  roleAllows,
} from "../../src/auth/admin-roles.ts";

describe("admin roles", () => {
  const adminMethods = methods.filter((m) => m.auth === "admin").map((m) => m.nsid);

  it("gives every admin method a role, and only those", () => {
    expect(adminMethods.filter((nsid) => !(nsid in ADMIN_METHOD_ROLES))).toEqual([]);
    expect(Object.keys(ADMIN_METHOD_ROLES).filter((nsid) => !adminMethods.includes(nsid))).toEqual([]);
  });

  it("lets the viewer call queries only, all but the list of administrators", () => {
    for (const m of methods.filter((m) => m.auth === "admin"))
      expect(roleAllows("viewer", requiredAdminRole(m.nsid)), m.nsid).toBe(
        m.type === "query" && m.nsid !== "net.atrarium.pds.admin.listAdmins",
      );
  });

  it("keeps managing administrators to the owner", () => {
    for (const name of ["createAdmin", "listAdmins", "updateAdmin", "deleteAdmin"])
      expect(requiredAdminRole(`net.atrarium.pds.admin.${name}`)).toBe("owner");
    // A method nobody gave a role needs the most rights there are.
    expect(requiredAdminRole("net.atrarium.pds.admin.notYetListed")).toBe("owner");
  });

  it("ranks each role above the ones after it", () => {
    for (const [i, held] of ADMIN_ROLES.entries())
      for (const [j, needed] of ADMIN_ROLES.entries())
        expect(roleAllows(held, needed), `${held} for ${needed}`).toBe(i <= j);
  });
});
