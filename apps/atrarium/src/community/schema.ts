// Tables of one community's Durable Object. Every row keeps the rev of the repo commit that last
// wrote it, and deletes leave a tombstone (deleted = 1): events arrive at least once and unordered,
// so the latest rev wins and an older replay cannot bring a deleted record back.

import { ACHIEVEMENT_MIGRATION } from "../achievements/achievement-schema.ts";
import { LABEL_HIDE_MIGRATION } from "../labels/community-label-hides.ts";
import { LIFECYCLE_MARKS_MIGRATION } from "../lifecycle/lifecycle-marks.ts";
import { LIFECYCLE_MIGRATION } from "../lifecycle/lifecycle-store.ts";
import { REACTION_MIGRATION } from "../reactions/reaction-store.ts";
import { FORMER_OWNER_MIGRATION } from "./former-owners.ts";

export const COMMUNITY_MIGRATIONS = [
  `CREATE TABLE config (
     uri TEXT PRIMARY KEY, owner TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
     name TEXT, description TEXT, hashtag TEXT, stage TEXT, moderators TEXT, feed_mix TEXT,
     parent TEXT, created_at TEXT
   );
   CREATE TABLE membership (
     uri TEXT PRIMARY KEY, did TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
     role TEXT, active INTEGER, joined_at TEXT
   );
   CREATE INDEX membership_did_idx ON membership (did);
   CREATE TABLE post (
     uri TEXT PRIMARY KEY, author TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
     cid TEXT, text TEXT, created_at TEXT, sort_time INTEGER NOT NULL, indexed_at INTEGER NOT NULL
   );
   CREATE INDEX post_feed_idx ON post (sort_time DESC, uri DESC);
   CREATE INDEX post_author_idx ON post (author);
   CREATE TABLE moderation (
     uri TEXT PRIMARY KEY, author TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,
     action TEXT, target TEXT, reason TEXT, created_at TEXT
   );
   CREATE INDEX moderation_target_idx ON moderation (target);`,
  // Per repo, the rev a rebuild listed it at (repo-floors.ts). Older builds created this table outside
  // the migrations, hence IF NOT EXISTS.
  "CREATE TABLE IF NOT EXISTS repo_floor (did TEXT PRIMARY KEY, rev TEXT NOT NULL);",
  // Per author, the latest #account event the stream reported (time_us orders replays): an inactive
  // author's posts and memberships stay stored but the posts leave the feed until it is active again.
  `CREATE TABLE author_status (
     did TEXT PRIMARY KEY, active INTEGER NOT NULL, status TEXT, time_us INTEGER NOT NULL
   );`,
  // A post's facets, embed and reply as JSON (community/post-content.ts), for the dashboard's rendering.
  "ALTER TABLE post ADD COLUMN content TEXT;",
  // The newest visible post ever seen, kept past retention (lifecycle/lifecycle-store.ts).
  LIFECYCLE_MIGRATION,
  // Achievements: awards, running post counters, moderator tenure (achievements/achievement-schema.ts).
  ACHIEVEMENT_MIGRATION,
  // The hiding labels of the trusted labelers (labels/community-label-hides.ts).
  LABEL_HIDE_MIGRATION,
  // A member's title (set_title actions, community/member-titles.ts), and the index its reads use.
  `ALTER TABLE moderation ADD COLUMN title TEXT;
   CREATE INDEX IF NOT EXISTS moderation_action_idx ON moderation (action, target);`,
  // Reactions and custom emoji (reactions/reaction-store.ts).
  REACTION_MIGRATION,
  // A community's access type, open or invite-only (community/member-access.ts); NULL reads as open.
  "ALTER TABLE config ADD COLUMN access_type TEXT;",
  // The recorded lifecycle verdict: status since, suggestions since (lifecycle/lifecycle-marks.ts).
  LIFECYCLE_MARKS_MIGRATION,
  // Previous owners and the rev their decisions count until (community/former-owners.ts).
  FORMER_OWNER_MIGRATION,
];
