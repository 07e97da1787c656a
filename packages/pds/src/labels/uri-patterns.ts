// com.atproto.label.queryLabels's uriPatterns: a full URI matches itself, one ending in `*` every URI
// starting with what comes before it, `*` alone everything. A `*` anywhere else is refused (as Ozone
// does) rather than read as a literal. Matching is exact and case-sensitive: DIDs and record keys are.
import { invalidRequest } from "../xrpc/errors.ts";

export type UriMatch = { kind: "any" } | { exact: string[]; prefixes: string[] };

export function parseUriPatterns(patterns: string[]): UriMatch {
  if (patterns.length === 0) throw invalidRequest("uriPatterns must name at least one pattern");
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    const star = pattern.indexOf("*");
    if (star === -1) exact.push(pattern);
    else if (star !== pattern.length - 1) throw invalidRequest(`invalid pattern: ${pattern}`);
    else if (pattern === "*") return { kind: "any" };
    else prefixes.push(pattern.slice(0, -1));
  }
  return { exact, prefixes };
}

/** The SQL condition on column `uri` and its arguments; instr() = 1 is a case-sensitive prefix test. */
export function uriCondition(match: UriMatch): { sql: string; args: string[] } {
  if ("kind" in match) return { sql: "1", args: [] };
  const parts = [...match.exact.map(() => "uri = ?"), ...match.prefixes.map(() => "instr(uri, ?) = 1")];
  return { sql: `(${parts.join(" OR ")})`, args: [...match.exact, ...match.prefixes] };
}
