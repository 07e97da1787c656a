// Moderation reports kept on this PDS when no moderation service takes them (see
// proxy/default-service.ts), for the administrator to read. A report names its reporter and subject as
// text, so either account's deletion leaves the report as it was filed (account-db.ts).
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";

export interface ModerationReport {
  id: number;
  reasonType: string;
  reason?: string;
  subject: Record<string, unknown>;
  reportedBy: string;
  createdAt: string;
}

interface ReportRow {
  id: number;
  reason_type: string;
  reason: string | null;
  subject_json: string;
  reported_by: string;
  created_at: string;
}

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

  /** Oldest first, paging by id. */
  async list(opts: { afterId?: number; limit: number }): Promise<ModerationReport[]> {
    const rows = this.stmt("SELECT * FROM moderation_report WHERE id > ? ORDER BY id LIMIT ?").all(
      opts.afterId ?? 0,
      opts.limit,
    ) as unknown as ReportRow[];
    return rows.map(fromRow);
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
  };
}
