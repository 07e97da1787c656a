// Reads behind the dashboard API, inside one community's Durable Object. Roles are effective roles:
// the owner is the config's repo, moderators are the DIDs the owner's config lists, members have an
// active membership record; the role a member wrote in their own record grants nothing. The answers
// the API passes on are its methods' lexicon outputs (less `stale`, which the router adds).
import type {
  CommunityDefsPostView,
  CommunityGetFeedPreviewOutput,
  CommunityGetStatsOutput,
  CommunityListMembersOutput,
  ModerationListActionsOutput,
} from "@atrarium/lexicon";
import {
  type AchievementsAnswer,
  type AchievementsQuery,
  achievementsAnswer,
  memberBadges,
} from "../achievements/achievement-answer.ts";
import type { LifecycleThresholds } from "../lifecycle/lifecycle-rules.ts";
import { type LifecycleAnswer, lifecycleAnswer } from "../lifecycle/lifecycle-store.ts";
import { type ReactionAnswers, type ReactionQuery, reactionAnswer } from "../reactions/reaction-answers.ts";
import { reactionsOf } from "../reactions/reaction-rules.ts";
import { all, first } from "../shared/sql.ts";
import type { ConfigInput } from "./community-store.ts";
import { feedPage, InvalidCursorError, postContents } from "./feed-query.ts";
import { hasPendingRequest, joinRequests, type RequestsAnswer, type RequestsQuery } from "./join-requests.ts";
import { titlesOf } from "./member-titles.ts";
import { VISIBILITY_CTES, VISIBLE_POST_CONDITION } from "./visibility.ts";

export type ApiQuery =
  | { kind: "info" }
  | { kind: "members"; limit: number; cursor?: string }
  // `viewer`: the signed-in caller, whose own reactions are marked.
  | { kind: "preview"; limit: number; cursor?: string; viewer?: string | null }
  | { kind: "stats" }
  | { kind: "actions"; limit: number; cursor?: string }
  | { kind: "viewer"; did: string }
  // Milestones (achievements/achievement-answer.ts); checks the time-based ones first.
  | AchievementsQuery
  // The lifecycle verdict (lifecycle/lifecycle-store.ts) under the deployment's thresholds.
  | { kind: "lifecycle"; thresholds: LifecycleThresholds }
  // Reactions and custom emoji (reactions/reaction-answers.ts).
  | ReactionQuery
  // Pending join requests of an invite-only community (community/join-requests.ts).
  | RequestsQuery;

export type Role = "owner" | "moderator" | "member";

// The config as stored, without the rev that guards writes.
export type CommunityInfo = Omit<ConfigInput, "rev">;

type Answer<Output> = Omit<Output, "stale">;

export interface ApiAnswers {
  // missing: the index has no config at all (storage empty or lost); deleted: the owner deleted it.
  info: { state: "missing" | "deleted" } | { state: "ok"; community: CommunityInfo };
  members: Answer<CommunityListMembersOutput>;
  // Each post's facets/embed/reply stay the stored JSON string across the RPC boundary (an `unknown`
  // field is not a serializable RPC type); the handler parses them (community/post-content.ts).
  preview: Omit<Answer<CommunityGetFeedPreviewOutput>, "posts"> & { posts: PreviewPost[] };
  stats: Answer<CommunityGetStatsOutput>;
  actions: Answer<ModerationListActionsOutput>;
  // Internal: getViewerState and the staff checks build their answers from it.
  // pending: an invite-only community's join request no staff member has decided on (member-access.ts).
  viewer: { role: Role | null; blocked: boolean; pending: boolean; membershipUri?: string };
  achievements: AchievementsAnswer;
  // null: no current config.
  lifecycle: LifecycleAnswer | null;
  reactions: ReactionAnswers["reactions"];
  emoji: ReactionAnswers["emoji"];
  requests: RequestsAnswer;
  reactionCheck: ReactionAnswers["reactionCheck"];
}

export type ApiAnswer = ApiAnswers[keyof ApiAnswers];

export type PreviewPost = Omit<CommunityDefsPostView, "facets" | "embed" | "reply"> & { content?: string };

export class InvalidApiCursorError extends Error {}

const DAY_MS = 24 * 60 * 60 * 1000;

export function answerQuery(sql: SqlStorage, q: ApiQuery, now: number): ApiAnswer {
  switch (q.kind) {
    case "info":
      return info(sql);
    case "members":
      return members(sql, q.limit, q.cursor, now);
    case "preview":
      return preview(sql, q.limit, q.cursor, q.viewer ?? null);
    case "stats":
      return stats(sql, now);
    case "actions":
      return actions(sql, q.limit, q.cursor);
    case "viewer":
      return viewer(sql, q.did);
    case "achievements":
      return achievementsAnswer(sql, q, now);
    case "lifecycle":
      return lifecycleAnswer(sql, q.thresholds, now);
    case "reactions":
    case "emoji":
    case "reactionCheck":
      return reactionAnswer(sql, q);
    case "requests":
      return joinRequests(sql, q);
  }
}

function info(sql: SqlStorage): ApiAnswers["info"] {
  const row = first<Record<string, string | number | null>>(sql, "SELECT * FROM config LIMIT 1");
  if (!row) return { state: "missing" };
  if (row.deleted === 1) return { state: "deleted" };
  const optional = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    state: "ok",
    community: {
      uri: String(row.uri),
      owner: String(row.owner),
      name: String(row.name),
      description: optional(row.description),
      hashtag: String(row.hashtag),
      stage: String(row.stage),
      moderators: JSON.parse(String(row.moderators ?? "[]")),
      feedMix: JSON.parse(String(row.feed_mix ?? "{}")),
      parentCommunity: optional(row.parent),
      accessType: optional(row.access_type),
      createdAt: String(row.created_at),
    },
  };
}

const PEOPLE = `
  cfg AS (SELECT owner, moderators, created_at FROM config WHERE deleted = 0 LIMIT 1),
  mods(did) AS (SELECT DISTINCT j.value FROM cfg, json_each(cfg.moderators) j WHERE j.value <> cfg.owner),
  active(did, joined_at) AS (
    SELECT did, MIN(joined_at) FROM membership
    WHERE deleted = 0 AND active = 1 AND did IN (SELECT did FROM members) GROUP BY did
  ),
  people(rank, did, role, joined_at) AS (
    SELECT 0, cfg.owner, 'owner', COALESCE(a.joined_at, cfg.created_at)
      FROM cfg LEFT JOIN active a ON a.did = cfg.owner
    UNION ALL
    SELECT 1, mods.did, 'moderator', COALESCE(a.joined_at, (SELECT created_at FROM cfg))
      FROM mods LEFT JOIN active a ON a.did = mods.did
    UNION ALL
    SELECT 2, a.did, 'member', a.joined_at FROM active a
      WHERE a.did NOT IN (SELECT owner FROM cfg) AND a.did NOT IN (SELECT did FROM mods)
  )`;

function members(
  sql: SqlStorage,
  limit: number,
  cursor: string | undefined,
  now: number,
): ApiAnswers["members"] {
  const after = cursor ? decodeKey(cursor, 3) : null;
  const rows = all<{ rank: number; did: string; role: Role; joined_at: string | null; blocked: number }>(
    sql,
    `WITH ${VISIBILITY_CTES}, ${PEOPLE}
     SELECT rank, did, role, joined_at, did IN (SELECT did FROM blocked) AS blocked FROM people
     ${after ? "WHERE (rank, COALESCE(joined_at, ''), did) > (?, ?, ?)" : ""}
     ORDER BY rank, COALESCE(joined_at, ''), did LIMIT ?`,
    ...(after ?? []),
    limit,
  );
  const last = rows[rows.length - 1];
  const badges = memberBadges(
    sql,
    rows.map((r) => r.did),
    now,
  );
  const titles = titlesOf(
    sql,
    rows.map((r) => r.did),
  );
  return {
    members: rows.map((r) => ({
      did: r.did,
      role: r.role,
      ...(r.joined_at ? { joinedAt: r.joined_at } : {}),
      blocked: r.blocked === 1,
      achievements: badges.get(r.did) ?? [],
      ...(titles.has(r.did) ? { title: titles.get(r.did) } : {}),
    })),
    cursor:
      rows.length === limit && last ? encodeKey([last.rank, last.joined_at ?? "", last.did]) : undefined,
  };
}

function preview(
  sql: SqlStorage,
  limit: number,
  cursor: string | undefined,
  viewer: string | null,
): ApiAnswers["preview"] {
  const page = feedPage(sql, limit, cursor);
  const uris = page.posts.map((p) => p.uri);
  const contents = postContents(sql, uris);
  const reactions = reactionsOf(sql, uris, viewer);
  const titles = titlesOf(
    sql,
    page.posts.map((p) => p.author),
  );
  return {
    posts: page.posts.map((p) => ({
      uri: p.uri,
      cid: p.cid,
      author: p.author,
      text: p.text,
      createdAt: new Date(p.sortTime).toISOString(),
      ...(contents.has(p.uri) ? { content: contents.get(p.uri) } : {}),
      reactions: reactions.get(p.uri) ?? [],
      ...(titles.has(p.author) ? { authorTitle: titles.get(p.author) } : {}),
    })),
    cursor: page.cursor,
  };
}

function stats(sql: SqlStorage, now: number): ApiAnswers["stats"] {
  const row = first<{
    members: number;
    posts24h: number;
    posts7d: number;
    hidden: number;
    last_post: number | null;
    last_join: string | null;
    last_mod: string | null;
  }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT
       (SELECT COUNT(*) FROM visible_authors WHERE did NOT IN (SELECT did FROM blocked)) AS members,
       (SELECT COUNT(*) FROM post p WHERE ${VISIBLE_POST_CONDITION} AND p.sort_time >= ?) AS posts24h,
       (SELECT COUNT(*) FROM post p WHERE ${VISIBLE_POST_CONDITION} AND p.sort_time >= ?) AS posts7d,
       (SELECT COUNT(*) FROM post p WHERE p.deleted = 0 AND p.uri IN (SELECT uri FROM hidden)
          AND p.author IN (SELECT did FROM visible_authors)) AS hidden,
       (SELECT MAX(p.sort_time) FROM post p WHERE ${VISIBLE_POST_CONDITION}) AS last_post,
       (SELECT MAX(joined_at) FROM membership WHERE deleted = 0 AND active = 1) AS last_join,
       (SELECT MAX(created_at) FROM staff_action) AS last_mod`,
    now - DAY_MS,
    now - 7 * DAY_MS,
  );
  const times = [
    row?.last_post ?? Number.NaN,
    Date.parse(row?.last_join ?? ""),
    Date.parse(row?.last_mod ?? ""),
  ].filter((t) => Number.isFinite(t));
  return {
    members: row?.members ?? 0,
    posts24h: row?.posts24h ?? 0,
    posts7d: row?.posts7d ?? 0,
    hiddenPosts: row?.hidden ?? 0,
    ...(times.length > 0 ? { lastActivityAt: new Date(Math.max(...times)).toISOString() } : {}),
  };
}

function actions(sql: SqlStorage, limit: number, cursor?: string): ApiAnswers["actions"] {
  const after = cursor ? decodeKey(cursor, 2) : null;
  const rows = all<{
    uri: string;
    author: string;
    action: string;
    target: string;
    reason: string | null;
    created_at: string;
    counted: number;
  }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT uri, author, action, target, reason, created_at, uri IN (SELECT uri FROM staff_action) AS counted
     FROM moderation WHERE deleted = 0 ${after ? "AND (created_at, uri) < (?, ?)" : ""}
     ORDER BY created_at DESC, uri DESC LIMIT ?`,
    ...(after ?? []),
    limit,
  );
  const last = rows[rows.length - 1];
  return {
    actions: rows.map((r) => ({
      uri: r.uri,
      author: r.author,
      action: r.action,
      target: r.target,
      ...(r.reason ? { reason: r.reason } : {}),
      createdAt: r.created_at,
      counted: r.counted === 1,
    })),
    cursor: rows.length === limit && last ? encodeKey([last.created_at, last.uri]) : undefined,
  };
}

function viewer(sql: SqlStorage, did: string): ApiAnswers["viewer"] {
  const row = first<{ is_owner: number; is_mod: number; membership_uri: string | null; blocked: number }>(
    sql,
    `WITH ${VISIBILITY_CTES}
     SELECT
       EXISTS (SELECT 1 FROM config WHERE deleted = 0 AND owner = ?1) AS is_owner,
       EXISTS (SELECT 1 FROM config, json_each(config.moderators) j WHERE config.deleted = 0 AND j.value = ?1) AS is_mod,
       (SELECT uri FROM membership WHERE did = ?1 AND deleted = 0 AND active = 1
          AND did IN (SELECT did FROM members) ORDER BY joined_at DESC, uri DESC LIMIT 1) AS membership_uri,
       ?1 IN (SELECT did FROM blocked) AS blocked`,
    did,
  );
  const role: Role | null = row?.is_owner
    ? "owner"
    : row?.is_mod
      ? "moderator"
      : row?.membership_uri
        ? "member"
        : null;
  return {
    role,
    blocked: row?.blocked === 1,
    pending: role === null && hasPendingRequest(sql, did),
    ...(row?.membership_uri ? { membershipUri: row.membership_uri } : {}),
  };
}

// Opaque keyset cursors: the sort key of the last row served, as base64url JSON.
export function encodeKey(key: (string | number)[]): string {
  return btoa(JSON.stringify(key)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeKey(cursor: string, length: number): (string | number)[] {
  try {
    const key = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((k) => ["string", "number"].includes(typeof k))
    )
      return key;
  } catch {}
  throw new InvalidApiCursorError("malformed cursor");
}

// Every reply carries the community's config state, so a method needs one round trip, not two.
export type ApiReply =
  | { ok: true; info: ApiAnswers["info"]; answer: ApiAnswer }
  | { ok: false; error: "InvalidCursor" };

// Errors do not keep their class across Durable Object RPC, so a bad cursor comes back as a value.
export function runApiQuery(sql: SqlStorage, q: ApiQuery, now: number): ApiReply {
  try {
    const state = info(sql);
    return { ok: true, info: state, answer: q.kind === "info" ? state : answerQuery(sql, q, now) };
  } catch (err) {
    if (err instanceof InvalidApiCursorError || err instanceof InvalidCursorError)
      return { ok: false, error: "InvalidCursor" };
    throw err;
  }
}
