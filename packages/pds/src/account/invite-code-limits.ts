// Bounds of the administrator's invite code requests (createInviteCode, createInviteCodes). A use
// count is stored as an SQLite integer and read back as a JS number: one past 2^53 could be written
// but never read again, and every later listing of invite codes failed with a 500 (found by the
// fuzzers, docs/security-and-reliability.md). The codes made by one call are capped so that a typo
// cannot make the server generate millions of codes in one request.
import { invalidRequest } from "../xrpc/errors.ts";

export const MAX_INVITE_CODES_PER_CALL = 10_000;

export function checkUseCount(useCount: number): void {
  if (!Number.isSafeInteger(useCount) || useCount < 1) {
    throw invalidRequest(`useCount must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`);
  }
}

export function checkCodeCount(codeCount: number, accounts: number): void {
  if (!Number.isSafeInteger(codeCount) || codeCount < 1) throw invalidRequest("codeCount must be at least 1");
  if (codeCount * accounts > MAX_INVITE_CODES_PER_CALL) {
    throw invalidRequest(`at most ${MAX_INVITE_CODES_PER_CALL} invite codes per call`);
  }
}
