// Query parameters of GET /export. `after` is a createdAt timestamp (ISO 8601), as upstream has always
// taken it, or, when all digits, a sequence number, as upstream accepts since it added sequencing.
import { HttpError } from "./errors.ts";

export const MAX_EXPORT_COUNT = 1000;

export interface ExportQuery {
  count: number;
  afterTime?: Date;
  afterSeq?: number;
}

export function parseExportQuery(count: string | undefined, after: string | undefined): ExportQuery {
  let n = MAX_EXPORT_COUNT;
  if (count !== undefined && count !== "") {
    if (!/^\d+$/.test(count) || Number(count) < 1) throw new HttpError(400, "Invalid count parameter");
    n = Math.min(Number(count), MAX_EXPORT_COUNT);
  }
  if (after === undefined || after === "") return { count: n };
  if (/^\d+$/.test(after)) {
    const seq = Number(after);
    if (!Number.isSafeInteger(seq)) throw new HttpError(400, "Invalid after parameter");
    return { count: n, afterSeq: seq };
  }
  const time = new Date(after);
  if (Number.isNaN(time.getTime())) throw new HttpError(400, "Invalid after parameter");
  return { count: n, afterTime: time };
}
