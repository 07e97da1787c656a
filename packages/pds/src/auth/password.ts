// scrypt with a per-password salt, stored as `salt:hash` hex; comparison in constant time.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { XrpcError } from "../xrpc/errors.ts";

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const KEY_LEN = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LEN);
  return `${salt.toString("hex")}:${hash.toString("hex")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [saltHex, hashHex] = stored.split(":");
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, "hex");
  const actual = await scryptAsync(password, Buffer.from(saltHex, "hex"), expected.length);
  return timingSafeEqual(expected, actual);
}

// App passwords are looked up by their hash, so the salt is fixed per account (the DID), as the
// official PDS does; they are random (16 base32 characters), not chosen by people.
export async function hashAppPassword(did: string, password: string): Promise<string> {
  const hash = await scryptAsync(password, Buffer.from(did, "utf8"), KEY_LEN);
  return hash.toString("hex");
}

// The official PDS's limit for new passwords (resetPassword, the administrator's updateAccountPassword).
const NEW_PASSWORD_MAX_LENGTH = 256;

export function assertNewPasswordLength(password: string): void {
  if (password.length === 0 || password.length > NEW_PASSWORD_MAX_LENGTH)
    throw new XrpcError(400, "InvalidRequest", "Invalid password length.");
}
