// What a trusted labeler currently says, reduced to what the feeds need. Per key (subject uri, cid,
// value) the latest label wins: an applied label stands until a later negation (neg) or its expiry
// (exp). Only values in HIDDEN_LABEL_VALUES hide anything; the rest are kept but ignored.
import type { WireLabel } from "./label-frames.ts";

export interface LabelEntry {
  uri: string;
  // "" when the label names every version of the record (or an account).
  cid: string;
  val: string;
  neg: boolean;
  cts: string;
  // Unix ms; null: never expires.
  exp: number | null;
}

// A label in force that hides: a post (its at:// URI, one version if cid) or every post of an account.
export interface HidingLabel {
  uri: string;
  cid: string;
  val: string;
  exp: number | null;
}

export const labelKey = (e: { uri: string; cid: string; val: string }) => `${e.uri} ${e.cid} ${e.val}`;

export function entryOf(label: WireLabel): LabelEntry {
  const exp = label.exp === undefined ? null : Date.parse(label.exp);
  return {
    uri: label.uri,
    cid: label.cid ?? "",
    val: label.val,
    neg: label.neg === true,
    cts: label.cts,
    exp: exp === null || Number.isNaN(exp) ? null : exp,
  };
}

// Whether `incoming` replaces `stored`: the stream delivers a labeler's labels in order, but a replay
// (reconnecting from an older cursor) must not undo a later one, so an older cts changes nothing.
export function supersedes(incoming: LabelEntry, stored: LabelEntry | undefined): boolean {
  if (!stored) return true;
  return Date.parse(incoming.cts) >= Date.parse(stored.cts);
}

const inForce = (e: LabelEntry, now: number) => !e.neg && (e.exp === null || e.exp > now);

export function hidingLabels(
  entries: Iterable<LabelEntry>,
  hidden: ReadonlySet<string>,
  now: number,
): HidingLabel[] {
  const out: HidingLabel[] = [];
  for (const e of entries)
    if (hidden.has(e.val) && inForce(e, now)) out.push({ uri: e.uri, cid: e.cid, val: e.val, exp: e.exp });
  return out.sort((a, b) => labelKey(a).localeCompare(labelKey(b)));
}

/** The next time a hiding label lapses (the feeds must be told), or null. */
export function nextExpiry(
  entries: Iterable<LabelEntry>,
  hidden: ReadonlySet<string>,
  now: number,
): number | null {
  let next: number | null = null;
  for (const e of entries)
    if (hidden.has(e.val) && inForce(e, now) && e.exp !== null && (next === null || e.exp < next))
      next = e.exp;
  return next;
}
