// The community lifecycle rules (seed: "Automated Community Lifecycle"), as one pure function of a
// community's figures, the deployment's thresholds and the time. The Worker only suggests: a theme
// that passes every promotion threshold gets "promote", a community past the growth threshold (the
// seed's Dunbar note: about 150-200 people keep a shared context) gets "split"; the stage itself
// changes only when the owner writes it into their own config (community.update).
// Inactivity is a status, not a stage: a feed with no visible post for the inactive period is
// "inactive", after the archive period "archived" (hidden from community.list, still readable by id,
// its feed still served). A new post makes it active again.

export type LifecycleStatus = "active" | "inactive" | "archived";

export interface LifecycleThresholds {
  promoteMembers: number;
  promoteActivePosters: number;
  // "Active posters": distinct authors of visible posts within this window.
  activeWindowMs: number;
  promoteWeeklyPosts: number;
  growthWarningMembers: number;
  inactiveMs: number;
  archiveMs: number;
}

export interface LifecycleFigures {
  stage: string;
  // Owner, moderators and active members, blocked ones excluded (as getStats counts them).
  members: number;
  activePosters: number;
  postsLast7Days: number;
  // The newest visible post ever seen (kept past retention), or the config's creation; ms since epoch.
  lastActivityMs: number;
}

export type Suggestion =
  | {
      kind: "promote";
      members: number;
      activePosters: number;
      postsLast7Days: number;
    }
  | { kind: "split"; members: number; threshold: number };

export interface LifecycleVerdict {
  status: LifecycleStatus;
  suggestions: Suggestion[];
}

export function statusAt(lastActivityMs: number, t: LifecycleThresholds, now: number): LifecycleStatus {
  const idle = now - lastActivityMs;
  if (idle >= t.archiveMs) return "archived";
  if (idle >= t.inactiveMs) return "inactive";
  return "active";
}

export function evaluateLifecycle(
  f: LifecycleFigures,
  t: LifecycleThresholds,
  now: number,
): LifecycleVerdict {
  const status = statusAt(f.lastActivityMs, t, now);
  const suggestions: Suggestion[] = [];
  // A feed nobody posts to is not ready for anything: suggestions are for active ones only.
  if (status === "active") {
    const ready =
      f.members >= t.promoteMembers &&
      f.activePosters >= t.promoteActivePosters &&
      f.postsLast7Days >= t.promoteWeeklyPosts;
    if (f.stage === "theme" && ready)
      suggestions.push({
        kind: "promote",
        members: f.members,
        activePosters: f.activePosters,
        postsLast7Days: f.postsLast7Days,
      });
    // Past the group size where people still know each other, a community (or a graduated one)
    // is better split into themes; a theme that large is first due for promotion.
    if (f.stage !== "theme" && f.members > t.growthWarningMembers)
      suggestions.push({ kind: "split", members: f.members, threshold: t.growthWarningMembers });
  }
  return { status, suggestions };
}
