// The v1 `cursor` parameter: unix microseconds. Replay starts at the first event with time_us >= cursor
// (inclusive, as upstream); a cursor older than the retained log starts at its oldest event, one in
// the future (or none) starts at the live tip. Anything but a non-negative integer is a 400.
export class CursorError extends Error {}

// Returns the position to read after (events with time_us > position), or null for the live tip.
export function replayPosition(raw: string | null, nowUs: number): number | null {
  if (raw === null || raw === "") return null;
  if (!/^\d{1,16}$/.test(raw)) throw new CursorError(`invalid cursor: ${raw}`);
  const cursor = Number(raw);
  if (cursor > nowUs) return null;
  return cursor - 1;
}
