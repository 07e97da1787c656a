// Which accounts are signed in on which device (browser), and which clients each account authorized
// with which scopes: the provider's "remember me" and consent memory.
import type { DatabaseSync } from "node:sqlite";
import type {
  AuthorizedClientData,
  AuthorizedClients,
  ClientId,
  DeviceData,
} from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";
import { rowToDeviceData } from "./device-store.ts";

export interface DeviceAccountRow {
  deviceId: string;
  did: string;
  deviceData: DeviceData;
  createdAt: Date;
  updatedAt: Date;
}

interface JoinedRow {
  device_id: string;
  did: string;
  created_at: number;
  updated_at: number;
  session_id: string;
  user_agent: string | null;
  ip_address: string;
  last_seen_at: number;
}

const SELECT_JOINED = `SELECT ad.device_id, ad.did, ad.created_at, ad.updated_at,
  d.session_id, d.user_agent, d.ip_address, d.last_seen_at
  FROM oauth_account_device ad JOIN oauth_device d ON d.device_id = ad.device_id`;

export class DeviceAccounts {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  upsert(deviceId: string, did: string): void {
    const now = Date.now();
    this.stmt(
      `INSERT INTO oauth_account_device (device_id, did, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id, did) DO UPDATE SET updated_at = excluded.updated_at`,
    ).run(deviceId, did, now, now);
  }

  remove(deviceId: string, did: string): void {
    this.stmt("DELETE FROM oauth_account_device WHERE device_id = ? AND did = ?").run(deviceId, did);
  }

  find(deviceId: string, did: string): DeviceAccountRow | undefined {
    const row = this.stmt(`${SELECT_JOINED} WHERE ad.device_id = ? AND ad.did = ?`).get(deviceId, did);
    return row ? toDeviceAccountRow(row as unknown as JoinedRow) : undefined;
  }

  list(filter: { did: string } | { deviceId: string }): DeviceAccountRow[] {
    const rows =
      "did" in filter
        ? this.stmt(`${SELECT_JOINED} WHERE ad.did = ? ORDER BY ad.updated_at DESC`).all(filter.did)
        : this.stmt(`${SELECT_JOINED} WHERE ad.device_id = ? ORDER BY ad.updated_at DESC`).all(
            filter.deviceId,
          );
    return rows.map((row) => toDeviceAccountRow(row as unknown as JoinedRow));
  }

  setAuthorizedClient(did: string, clientId: string, data: AuthorizedClientData): void {
    this.stmt(
      `INSERT INTO oauth_authorized_client (did, client_id, data_json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (did, client_id) DO UPDATE SET data_json = excluded.data_json, updated_at = excluded.updated_at`,
    ).run(did, clientId, JSON.stringify(data), Date.now());
  }

  authorizedClients(did: string): AuthorizedClients {
    const rows = this.stmt("SELECT client_id, data_json FROM oauth_authorized_client WHERE did = ?").all(
      did,
    ) as {
      client_id: string;
      data_json: string;
    }[];
    return new Map(
      rows.map((r) => [r.client_id as ClientId, JSON.parse(r.data_json) as AuthorizedClientData]),
    );
  }
}

function toDeviceAccountRow(row: JoinedRow): DeviceAccountRow {
  return {
    deviceId: row.device_id,
    did: row.did,
    deviceData: rowToDeviceData(row),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
