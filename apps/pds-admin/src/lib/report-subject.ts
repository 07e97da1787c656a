// What a report is about, in the admin's terms: the account (a repoRef's DID, or the repo of a
// reported record) and, for a record, its AT URI.
export interface SubjectTarget {
  did: string | null;
  uri: string | null;
}

// The subject is kept exactly as the reporter sent it (a repoRef or a strongRef, in principle).
export function reportTarget(subject: unknown): SubjectTarget {
  const s = (subject ?? {}) as { did?: unknown; uri?: unknown };
  if (typeof s.did === "string") return { did: s.did, uri: null };
  if (typeof s.uri === "string") {
    const repo = /^at:\/\/(did:[^/]+)/.exec(s.uri)?.[1] ?? null;
    return { did: repo, uri: s.uri };
  }
  return { did: null, uri: null };
}

// com.atproto.moderation.defs#reasonSpam -> spam; other vocabularies' values stay as they are.
export function shortReason(reasonType: string): string {
  const hash = reasonType.indexOf("#reason");
  if (hash < 0) return reasonType;
  const name = reasonType.slice(hash + "#reason".length);
  return name.charAt(0).toLowerCase() + name.slice(1);
}
