// Browsers the provider has seen (a device id cookie each), with their session id and last use.
import type { DatabaseSync } from "node:sqlite";
import type { DeviceData, DeviceId, DeviceStore, SessionId } from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";

interface DeviceRow {
  session_id: string;
  user_agent: string | null;
  ip_address: string;
  last_seen_at: number;
}

export function rowToDeviceData(row: DeviceRow): DeviceData {
  return {
    sessionId: row.session_id as SessionId,
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
    lastSeenAt: new Date(row.last_seen_at),
  };
}

export class SqliteDeviceStore implements DeviceStore {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  async createDevice(deviceId: DeviceId, data: DeviceData): Promise<void> {
    this.stmt(
      `INSERT INTO oauth_device (device_id, session_id, user_agent, ip_address, last_seen_at)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(deviceId, data.sessionId, data.userAgent, data.ipAddress, data.lastSeenAt.getTime());
  }

  async readDevice(deviceId: DeviceId): Promise<DeviceData | null> {
    const row = this.stmt("SELECT * FROM oauth_device WHERE device_id = ?").get(deviceId) as
      | DeviceRow
      | undefined;
    return row ? rowToDeviceData(row) : null;
  }

  async updateDevice(deviceId: DeviceId, data: Partial<DeviceData>): Promise<void> {
    this.stmt(
      `UPDATE oauth_device SET
         session_id = COALESCE(?, session_id),
         user_agent = CASE WHEN ? THEN ? ELSE user_agent END,
         ip_address = COALESCE(?, ip_address),
         last_seen_at = COALESCE(?, last_seen_at)
       WHERE device_id = ?`,
    ).run(
      data.sessionId ?? null,
      data.userAgent !== undefined ? 1 : 0,
      data.userAgent ?? null,
      data.ipAddress ?? null,
      data.lastSeenAt?.getTime() ?? null,
      deviceId,
    );
  }

  async deleteDevice(deviceId: DeviceId): Promise<void> {
    this.stmt("DELETE FROM oauth_device WHERE device_id = ?").run(deviceId);
  }
}
