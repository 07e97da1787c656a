// Invite codes as the official PDS makes them, and how many an account has earned: pure, so the
// arithmetic is tested without a server.
import { randomBytes } from "node:crypto";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
// Codes created for nobody in particular by the administrator carry this in place of a DID.
export const ADMIN_CREATOR = "admin";
// An account never holds more than this many open earned codes.
export const MAX_OPEN_EARNED_CODES = 5;

export interface InviteCodeUse {
  usedBy: string;
  usedAt: string;
}

export interface InviteCodeDetail {
  code: string;
  available: number;
  disabled: boolean;
  forAccount: string;
  createdBy: string;
  createdAt: string;
  uses: InviteCodeUse[];
}

// `<hostname with dashes>-xxxxx-xxxxx` in lower-case base32: the dashes keep it from reading as a link.
export function newInviteCode(hostname: string): string {
  const chars = Array.from(randomBytes(10), (b) => BASE32[b % 32]).join("");
  return `${hostname.replaceAll(".", "-")}-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export function isOpen(code: InviteCodeDetail): boolean {
  return !code.disabled && code.uses.length < code.available;
}

// One code per interval of the account's life since the epoch, minus those already made since the
// epoch, and never more than five open: the official PDS's calculation, codes the administrator gave
// not counted. `total` is how many earned codes the account holds once these are made, which the store
// checks so two concurrent requests cannot both mint.
export function earnedCodesToCreate(opts: {
  codes: InviteCodeDetail[];
  accountCreatedAt: number;
  now: number;
  epoch: number;
  interval: number;
}): { toCreate: number; total: number } {
  const earned = opts.codes.filter((c) => c.createdBy !== ADMIN_CREATOR);
  const open = earned.filter(isOpen).length;
  const intervalsSince = (from: number) => Math.floor((opts.now - from) / opts.interval);
  const couldCreate =
    opts.accountCreatedAt >= opts.epoch
      ? intervalsSince(opts.accountCreatedAt)
      : intervalsSince(opts.accountCreatedAt) -
        Math.floor((opts.epoch - opts.accountCreatedAt) / opts.interval);
  const sinceEpoch = earned.filter((c) => Date.parse(c.createdAt) > opts.epoch).length;
  const toCreate = Math.max(0, Math.min(MAX_OPEN_EARNED_CODES - open, couldCreate - sinceEpoch));
  return { toCreate, total: earned.length + toCreate };
}
