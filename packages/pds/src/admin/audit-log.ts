// The administrator's audit log, kept in the account database: one entry per call that presented
// credentials to an admin method (observability/admin-actions.ts), successful or refused. Bounded: each
// write drops the entries older than the newest `maxEntries` (100,000 by default), a range delete on
// the primary key, so the table never grows past that whatever the traffic.
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";

export const AUDIT_LOG_MAX_ENTRIES = 100_000;

export interface AuditEntry {
  id: number;
  nsid: string;
  status: number;
  subject?: string;
  requestId?: string;
  // Who called (admin roles): `admin` with the owner role for the break-glass password. Absent when
  // the credential was not valid (nobody to name), and on entries from before admin roles.
  adminName?: string;
  adminRole?: string;
  createdAt: string;
}

interface AuditRow {
  id: number;
  nsid: string;
  status: number;
  subject: string | null;
  request_id: string | null;
  admin_name: string | null;
  admin_role: string | null;
  created_at: string;
}

export class SqliteAuditLog {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;
  private readonly maxEntries: number;

  constructor(db: DatabaseSync, clock: Clock, maxEntries = AUDIT_LOG_MAX_ENTRIES) {
    this.stmt = statementCache(db);
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  record(entry: Omit<AuditEntry, "id" | "createdAt">): void {
    const createdAt = new Date(this.clock.now()).toISOString();
    const { id } = this.stmt(
      `INSERT INTO admin_audit (nsid, status, subject, request_id, admin_name, admin_role, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(
      entry.nsid,
      entry.status,
      entry.subject ?? null,
      entry.requestId ?? null,
      entry.adminName ?? null,
      entry.adminRole ?? null,
      createdAt,
    ) as { id: number };
    this.stmt("DELETE FROM admin_audit WHERE id <= ?").run(id - this.maxEntries);
  }

  /** Newest first, paging by id: `beforeId` is the last id of the previous page. */
  list(opts: { beforeId?: number; limit: number }): AuditEntry[] {
    const rows = this.stmt("SELECT * FROM admin_audit WHERE id < ? ORDER BY id DESC LIMIT ?").all(
      opts.beforeId ?? Number.MAX_SAFE_INTEGER,
      opts.limit,
    ) as unknown as AuditRow[];
    return rows.map((row) => ({
      id: row.id,
      nsid: row.nsid,
      status: row.status,
      ...(row.subject !== null ? { subject: row.subject } : {}),
      ...(row.request_id !== null ? { requestId: row.request_id } : {}),
      ...(row.admin_name !== null ? { adminName: row.admin_name } : {}),
      ...(row.admin_role !== null ? { adminRole: row.admin_role } : {}),
      createdAt: row.created_at,
    }));
  }
}
