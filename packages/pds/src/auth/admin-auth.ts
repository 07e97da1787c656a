// The break-glass administrator's credential, as the official PDS takes it: HTTP Basic
// `admin:<PDS_ADMIN_PASSWORD>` (the owner role; administrator accounts: auth/admin-authenticator.ts).
// Without a configured password nobody is the break-glass administrator. The password is compared as SHA-256
// digests with timingSafeEqual, so the time taken says nothing of how much of it matched, nor of its
// length.
import { createHash, timingSafeEqual } from "node:crypto";
import { XrpcError } from "../xrpc/errors.ts";

const ADMIN_USERNAME = "admin";

// Credentials were given but are not the administrator's: told apart from missing ones in the
// authentication-failure count (observability/auth-failures.ts); clients see the same 401 either way.
export class BadAdminCredentials extends XrpcError {
  constructor() {
    super(401, "AuthenticationRequired", "Authentication Required");
  }
}

export function verifyAdmin(adminPassword: string | undefined, header: string | undefined): void {
  const given = parseBasicAuth(header);
  if (!given) throw new XrpcError(401, "AuthenticationRequired", "Authentication Required");
  const passwordMatches = adminPassword !== undefined && sameSecret(given.password, adminPassword);
  if (given.username !== ADMIN_USERNAME || !passwordMatches) throw new BadAdminCredentials();
}

export function parseBasicAuth(header: string | undefined): { username: string; password: string } | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
