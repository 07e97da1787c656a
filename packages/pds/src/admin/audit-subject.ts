// What an admin call acted on, for the audit log: the account, record, invite code or report its input
// (or, for a query, its parameters) names. Fields are taken in this order, the first present wins, so
// a call naming an account and a code (createInviteCode for an account) records the account.
const MAX_SUBJECT_LENGTH = 512;

const SINGLE_FIELDS = ["did", "recipientDid", "uri", "forAccount", "account", "code"] as const;
const LIST_FIELDS = ["dids", "accounts", "codes"] as const;

export function auditSubject(...sources: unknown[]): string | undefined {
  for (const source of sources) {
    const subject = subjectOf(source);
    if (subject !== undefined) return subject.slice(0, MAX_SUBJECT_LENGTH);
  }
  return undefined;
}

function subjectOf(source: unknown): string | undefined {
  if (!isObject(source)) return undefined;
  // com.atproto.admin.updateSubjectStatus / getSubjectStatus: a repoRef, strongRef or repoBlobRef.
  if (isObject(source.subject)) {
    const inner = subjectOf(source.subject);
    if (inner !== undefined) return inner;
  }
  for (const field of SINGLE_FIELDS) {
    const value = source[field];
    if (typeof value === "string" && value !== "") return value;
  }
  for (const field of LIST_FIELDS) {
    const value = source[field];
    if (Array.isArray(value) && value.length > 0) return value.map(String).join(",");
    // A refused call's query string, read raw: one value is a string.
    if (typeof value === "string" && value !== "") return value;
  }
  // net.atrarium.pds.admin.resolveReport names a report of the moderation queue by its id.
  if (typeof source.id === "number") return `report:${source.id}`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
