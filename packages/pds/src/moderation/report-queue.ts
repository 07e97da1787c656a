// Moderation reports kept on this PDS when no moderation service takes them (see
// proxy/default-service.ts), for the administrator to read. A report names its reporter and subject as
// text, so either account's deletion leaves the report as it was filed (account-db.ts). The
// administrator resolves a report with a note (net.atrarium.pds.admin.resolveReport); it stays listed.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";

export interface ModerationReport {
  id: number;
  reasonType: string;
  reason?: string;
  subject: Record<string, unknown>;
  reportedBy: string;
  createdAt: string;
  resolvedAt?: string;
  resolutionNote?: string;
}

export type ReportState = "open" | "resolved";

interface ReportRow {
  id: number;
  reason_type: string;
  reason: string | null;
  subject_json: string;
  reported_by: string;
  created_at: string;
  resolved_at: string | null;
  resolution_note: string | null;
}

// The WHERE clause for each listing; `state` absent lists every report.
const STATE_FILTER: Record<ReportState | "any", string> = {
  any: "",
  open: "AND resolved_at IS NULL",
  resolved: "AND resolved_at IS NOT NULL",
};

export class SqliteReportQueue {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  async add(report: Omit<ModerationReport, "id" | "createdAt">): Promise<ModerationReport> {
    const createdAt = new Date(this.clock.now()).toISOString();
    const row = this.stmt(
      `INSERT INTO moderation_report (reason_type, reason, subject_json, reported_by, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      report.reasonType,
      report.reason ?? null,
      JSON.stringify(report.subject),
      report.reportedBy,
      createdAt,
    ) as unknown as ReportRow;
    return fromRow(row);
  }

  /** Oldest first, paging by id; only open or only resolved ones when `state` says so. */
  async list(opts: { afterId?: number; limit: number; state?: ReportState }): Promise<ModerationReport[]> {
    const filter = STATE_FILTER[opts.state ?? "any"];
    const rows = this.stmt(`SELECT * FROM moderation_report WHERE id > ? ${filter} ORDER BY id LIMIT ?`).all(
      opts.afterId ?? 0,
      opts.limit,
    ) as unknown as ReportRow[];
    return rows.map(fromRow);
  }

  /** Marks the report resolved with the administrator's note; a report is resolved once. */
  async resolve(id: number, note: string): Promise<ModerationReport> {
    const resolvedAt = new Date(this.clock.now()).toISOString();
    const row = this.stmt(
      `UPDATE moderation_report SET resolved_at = ?, resolution_note = ?
       WHERE id = ? AND resolved_at IS NULL RETURNING *`,
    ).get(resolvedAt, note, id) as ReportRow | undefined;
    if (row) return fromRow(row);
    const exists = this.stmt("SELECT 1 FROM moderation_report WHERE id = ?").get(id);
    if (!exists) throw new XrpcError(400, "ReportNotFound", `No report with id ${id}`);
    throw new XrpcError(400, "AlreadyResolved", `Report ${id} is already resolved`);
  }
}

function fromRow(row: ReportRow): ModerationReport {
  return {
    id: row.id,
    reasonType: row.reason_type,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    subject: JSON.parse(row.subject_json) as Record<string, unknown>,
    reportedBy: row.reported_by,
    createdAt: row.created_at,
    ...(row.resolved_at !== null ? { resolvedAt: row.resolved_at } : {}),
    ...(row.resolution_note !== null ? { resolutionNote: row.resolution_note } : {}),
  };
}
