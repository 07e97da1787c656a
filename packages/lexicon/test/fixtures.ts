// Known-good records and helpers shared by the validator tests.
import type {
  CommunityConfig,
  CommunityMembership,
  ModerationAction,
  ValidationResult,
} from "../src/index.ts";

export const OWNER_DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
export const MEMBER_DID = "did:web:member.example.com";
export const CONFIG_URI = `at://${OWNER_DID}/net.atrarium.community.config/3jzfcijpj2z2a`;
export const POST_URI = `at://${MEMBER_DID}/app.bsky.feed.post/3k2akeqpqr22b`;

export function validConfig(): CommunityConfig {
  return {
    $type: "net.atrarium.community.config",
    name: "Tide Pools",
    description: "Everything that lives between the tides.",
    hashtag: "#atrarium_0a1b2c3d",
    stage: "community",
    parentCommunity: `at://${OWNER_DID}/net.atrarium.community.config/3jzfcijpj2z2b`,
    feedMix: { own: 80, parent: 15, global: 5 },
    moderators: [OWNER_DID, MEMBER_DID],
    createdAt: "2025-01-02T03:04:05.678Z",
  };
}

export function validMembership(): CommunityMembership {
  return {
    $type: "net.atrarium.community.membership",
    community: CONFIG_URI,
    role: "member",
    joinedAt: "2025-01-02T03:04:05Z",
    active: true,
  };
}

export function validAction(): ModerationAction {
  return {
    $type: "net.atrarium.moderation.action",
    action: "hide_post",
    target: POST_URI,
    community: CONFIG_URI,
    reason: "Spam",
    createdAt: "2025-01-02T03:04:05.678+09:00",
  };
}

/** `base` with `field` replaced, or removed when `value` is undefined. */
export function withField(base: object, field: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy;
}

/** Field names of a failed result; fails the test if the result was ok. */
export function errorFields(result: ValidationResult<unknown>): string[] {
  if (result.ok) throw new Error("expected validation to fail, but it passed");
  return result.errors.map((error) => error.field);
}
