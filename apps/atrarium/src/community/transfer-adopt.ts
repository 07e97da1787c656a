// An owner transfer moved the community's claim to the new owner's config (registry/transfer-desk.ts):
// that config replaces the previous one, and unlike a config that took a hashtag from a later-observed
// claim (community-store.ts forgetConfigRecords), the members, moderation actions and posts stay: they
// belong to the community, not to its owner. Staff is whoever the new config says (visibility.ts); the
// previous owner's decisions from before the offer keep counting (former-owners.ts).
import { afterConfig } from "../achievements/achievement-store.ts";
import { type ConfigInput, putConfig } from "./community-store.ts";
import { type FormerOwner, recordFormerOwner } from "./former-owners.ts";

export function adoptTransferredConfig(
  sql: SqlStorage,
  c: ConfigInput,
  now: number,
  former?: FormerOwner,
): boolean {
  if (former) recordFormerOwner(sql, former);
  sql.exec("DELETE FROM config WHERE uri <> ?", c.uri);
  const put = putConfig(sql, c);
  if (put) afterConfig(sql, c, false, now);
  return put;
}
