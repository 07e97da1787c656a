// Authorization requests between PAR and the token exchange (minutes at most). Expired ones are
// dropped when a new one is created.
import type { DatabaseSync } from "node:sqlite";
import type {
  Code,
  FoundRequestResult,
  RequestData,
  RequestId,
  RequestStore,
  UpdateRequestData,
} from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";
import { decodeRecord, encodeRecord } from "./json-with-dates.ts";

const DATE_FIELDS = ["expiresAt"] as const;

export class SqliteRequestStore implements RequestStore {
  private readonly stmt: ReturnType<typeof statementCache>;

  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.clock = clock;
    this.stmt = statementCache(db);
  }

  async createRequest(requestId: RequestId, data: RequestData): Promise<void> {
    this.stmt("DELETE FROM oauth_request WHERE expires_at < ?").run(this.clock.now());
    this.stmt("INSERT INTO oauth_request (request_id, code, expires_at, data_json) VALUES (?, ?, ?, ?)").run(
      requestId,
      data.code,
      data.expiresAt.getTime(),
      encodeRecord(data),
    );
  }

  async readRequest(requestId: RequestId): Promise<RequestData | null> {
    const row = this.stmt("SELECT data_json FROM oauth_request WHERE request_id = ?").get(requestId) as
      | { data_json: string }
      | undefined;
    return row ? decodeRecord<RequestData>(row.data_json, DATE_FIELDS) : null;
  }

  async updateRequest(requestId: RequestId, data: UpdateRequestData): Promise<void> {
    const current = await this.readRequest(requestId);
    if (!current) throw new Error(`no authorization request ${requestId}`);
    const next: RequestData = { ...current, ...data };
    this.stmt("UPDATE oauth_request SET code = ?, expires_at = ?, data_json = ? WHERE request_id = ?").run(
      next.code,
      next.expiresAt.getTime(),
      encodeRecord(next),
      requestId,
    );
  }

  async deleteRequest(requestId: RequestId): Promise<void> {
    this.stmt("DELETE FROM oauth_request WHERE request_id = ?").run(requestId);
  }

  // A code is good once: the row goes as it is read.
  async consumeRequestCode(code: Code): Promise<FoundRequestResult | null> {
    const row = this.stmt("DELETE FROM oauth_request WHERE code = ? RETURNING request_id, data_json").get(
      code,
    ) as { request_id: string; data_json: string } | undefined;
    if (!row) return null;
    return {
      requestId: row.request_id as RequestId,
      data: decodeRecord<RequestData>(row.data_json, DATE_FIELDS),
    };
  }
}
