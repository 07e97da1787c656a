// The official PDS's arithmetic for earned invite codes: one per interval since the later of account
// creation and the epoch, codes made since the epoch subtracted, never more than five open, admin gifts
// not counted.
import { describe, expect, it } from "vitest";
import {
  earnedCodesToCreate,
  type InviteCodeDetail,
  newInviteCode,
} from "../../src/account/earned-invites.ts";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse("2026-01-01T00:00:00Z");

const code = (createdAt: number, opts: Partial<InviteCodeDetail> = {}): InviteCodeDetail => ({
  code: newInviteCode("pds.example.com"),
  available: 1,
  disabled: false,
  forAccount: "did:plc:alice",
  createdBy: "did:plc:alice",
  createdAt: new Date(createdAt).toISOString(),
  uses: [],
  ...opts,
});
const used = (createdAt: number) =>
  code(createdAt, { uses: [{ usedBy: "did:plc:bob", usedAt: new Date(createdAt).toISOString() }] });

describe("earned invite codes", () => {
  it("formats codes as the hostname with dashes and two groups of five base32 characters", () => {
    expect(newInviteCode("pds.example.com")).toMatch(/^pds-example-com-[a-z2-7]{5}-[a-z2-7]{5}$/);
  });

  it("earns one per whole interval of the account's life", () => {
    const calc = (now: number) =>
      earnedCodesToCreate({ codes: [], accountCreatedAt: T0, now, epoch: 0, interval: DAY });
    expect(calc(T0 + DAY - 1)).toEqual({ toCreate: 0, total: 0 });
    expect(calc(T0 + DAY)).toEqual({ toCreate: 1, total: 1 });
    expect(calc(T0 + 3 * DAY + 5)).toEqual({ toCreate: 3, total: 3 });
  });

  it("keeps at most five open, and counts used ones against what was earned", () => {
    const base = { accountCreatedAt: T0, now: T0 + 30 * DAY, epoch: 0, interval: DAY };
    expect(earnedCodesToCreate({ ...base, codes: [] })).toEqual({ toCreate: 5, total: 5 });
    const five = Array.from({ length: 5 }, () => code(T0 + DAY));
    expect(earnedCodesToCreate({ ...base, codes: five })).toEqual({ toCreate: 0, total: 5 });
    const twoUsed = [...five.slice(0, 3), used(T0 + DAY), used(T0 + DAY)];
    expect(earnedCodesToCreate({ ...base, codes: twoUsed })).toEqual({ toCreate: 2, total: 7 });
    // Twenty-nine made of thirty earned (one open): only one more.
    const many = [...Array.from({ length: 28 }, () => used(T0 + DAY)), code(T0 + DAY)];
    expect(earnedCodesToCreate({ ...base, codes: many })).toEqual({ toCreate: 1, total: 30 });
  });

  it("does not count codes the administrator gave, nor disabled ones as open", () => {
    const base = { accountCreatedAt: T0, now: T0 + 2 * DAY, epoch: 0, interval: DAY };
    const gifts = Array.from({ length: 5 }, () => code(T0, { createdBy: "admin" }));
    expect(earnedCodesToCreate({ ...base, codes: gifts })).toEqual({ toCreate: 2, total: 2 });
    const disabled = [code(T0 + DAY, { disabled: true })];
    expect(earnedCodesToCreate({ ...base, codes: disabled })).toEqual({ toCreate: 1, total: 2 });
  });

  it("counts from the epoch for accounts older than it, and only codes made since it", () => {
    const epoch = T0 + 10 * DAY + DAY / 2;
    const base = { accountCreatedAt: T0, now: epoch + 2 * DAY, epoch, interval: DAY };
    // 12 whole days lived, 10 before the epoch: 2 earned since.
    expect(earnedCodesToCreate({ ...base, codes: [] })).toEqual({ toCreate: 2, total: 2 });
    const before = Array.from({ length: 4 }, () => used(T0 + DAY));
    expect(earnedCodesToCreate({ ...base, codes: before })).toEqual({ toCreate: 2, total: 6 });
    const since = [used(epoch + DAY)];
    expect(earnedCodesToCreate({ ...base, codes: since })).toEqual({ toCreate: 1, total: 2 });
  });
});
