// The achievement tables of a community's Durable Object (one migration, appended to
// community/schema.ts): the awards, the running post counters (the community's under subject '',
// each author's under their DID) and since when each listed moderator has been one. Counters start
// from the posts an existing index still holds (older ones were purged before counting began), and
// the moderators its config lists count from the config's createdAt, as for a config seen first.
export const ACHIEVEMENT_MIGRATION = `
  CREATE TABLE IF NOT EXISTS achievement (
    scope TEXT NOT NULL, subject TEXT NOT NULL, id TEXT NOT NULL, achieved_at INTEGER NOT NULL,
    PRIMARY KEY (scope, subject, id)
  );
  CREATE TABLE IF NOT EXISTS post_count (subject TEXT PRIMARY KEY, posts INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS moderator_since (did TEXT PRIMARY KEY, since INTEGER NOT NULL);
  INSERT OR IGNORE INTO post_count (subject, posts) SELECT '', COUNT(*) FROM post WHERE deleted = 0;
  INSERT OR IGNORE INTO post_count (subject, posts) SELECT author, COUNT(*) FROM post WHERE deleted = 0 GROUP BY author;
  INSERT OR IGNORE INTO moderator_since (did, since)
    SELECT j.value, CAST((julianday(config.created_at) - 2440587.5) * 86400000 AS INTEGER)
    FROM config, json_each(config.moderators) j
    WHERE config.deleted = 0 AND j.value <> config.owner AND julianday(config.created_at) IS NOT NULL;`;
