// Who an admin credential belongs to: HTTP Basic `<name>:<password>`, either the break-glass
// `admin:<PDS_ADMIN_PASSWORD>` (the owner) or an administrator account (admin/admin-accounts.ts).
// scrypt costs tens of milliseconds, too much for every call the admin UI makes, so a verified
// credential is remembered for a few minutes, keyed by a digest of the header (never the password).
// The account row is still read on every call: a deleted administrator is refused at once, a role
// change applies at once, and a changed password no longer matches what was remembered.
import { createHash, randomBytes } from "node:crypto";
import { BREAK_GLASS_ADMIN, type SqliteAdminAccounts } from "../admin/admin-accounts.ts";
import type { Clock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";
import { BadAdminCredentials, parseBasicAuth, verifyAdmin } from "./admin-auth.ts";
import type { AdminRole } from "./admin-roles.ts";
import { hashPassword, verifyPassword } from "./password.ts";

export interface AdminIdentity {
  name: string;
  role: AdminRole;
}

const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 1000;

interface Remembered {
  name: string;
  passwordScrypt: string;
  expiresAt: number;
}

export class AdminAuthenticator {
  private readonly remembered = new Map<string, Remembered>();
  private unknownNameHash: Promise<string> | undefined;
  private readonly adminPassword: string | undefined;
  private readonly accounts: SqliteAdminAccounts;
  private readonly clock: Clock;

  constructor(adminPassword: string | undefined, accounts: SqliteAdminAccounts, clock: Clock) {
    this.adminPassword = adminPassword;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Throws 401 AuthenticationRequired (BadAdminCredentials for a wrong one) unless the credential is valid. */
  async verify(header: string | undefined): Promise<AdminIdentity> {
    const given = parseBasicAuth(header);
    if (!given) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
    if (given.username === BREAK_GLASS_ADMIN) {
      verifyAdmin(this.adminPassword, header);
      return { name: BREAK_GLASS_ADMIN, role: "owner" };
    }
    const account = this.accounts.get(given.username);
    if (!account) {
      // As slow as a wrong password, so the answer's timing does not say which names exist.
      this.unknownNameHash ??= hashPassword(randomBytes(16).toString("hex"));
      await verifyPassword(given.password, await this.unknownNameHash);
      throw new BadAdminCredentials();
    }
    const key = createHash("sha256")
      .update(header as string)
      .digest("base64");
    const now = this.clock.now();
    const known = this.remembered.get(key);
    if (
      known &&
      known.expiresAt > now &&
      known.name === account.name &&
      known.passwordScrypt === account.passwordScrypt
    )
      return { name: account.name, role: account.role };
    if (!(await verifyPassword(given.password, account.passwordScrypt))) throw new BadAdminCredentials();
    this.remember(key, {
      name: account.name,
      passwordScrypt: account.passwordScrypt,
      expiresAt: now + REMEMBER_MS,
    });
    return { name: account.name, role: account.role };
  }

  private remember(key: string, entry: Remembered): void {
    this.remembered.delete(key);
    // Oldest first in a Map's order: drop it when full, so the memory stays bounded whatever the traffic.
    if (this.remembered.size >= REMEMBER_MAX) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
    this.remembered.set(key, entry);
  }
}
