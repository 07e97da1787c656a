// The table of each sync Durable Object (CommunitySync, NetworkSync): its state as JSON by key.
// Builds before numbered migrations created it bare, hence IF NOT EXISTS: their storage opens as is.
export const SYNC_MIGRATIONS = ["CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);"];
