// Pre-registered OAuth clients (client ids that are neither loopback nor a metadata document URL),
// kept in the oauth_client table. Discoverable clients (https client_id documents) are fetched by the
// provider's ClientManager; loopback clients are built from their id.
import type { DatabaseSync } from "node:sqlite";
import { InvalidClientMetadataError } from "@atproto/oauth-provider/errors";
import type { ClientId, ClientStore, OAuthClientMetadata } from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";

export class SqliteClientStore implements ClientStore {
  private readonly stmt: ReturnType<typeof statementCache>;

  constructor(db: DatabaseSync) {
    this.stmt = statementCache(db);
  }

  async findClient(clientId: ClientId): Promise<OAuthClientMetadata> {
    const row = this.stmt("SELECT metadata_json FROM oauth_client WHERE client_id = ?").get(clientId) as
      | { metadata_json: string }
      | undefined;
    if (!row) throw new InvalidClientMetadataError(`Unknown client ID "${clientId}"`);
    return JSON.parse(row.metadata_json) as OAuthClientMetadata;
  }

  // Registers (or replaces) a client; its metadata is validated by the provider when it is used.
  async registerClient(clientId: ClientId, metadata: OAuthClientMetadata): Promise<void> {
    this.stmt(
      `INSERT INTO oauth_client (client_id, metadata_json, created_at) VALUES (?, ?, ?)
       ON CONFLICT (client_id) DO UPDATE SET metadata_json = excluded.metadata_json`,
    ).run(clientId, JSON.stringify({ ...metadata, client_id: clientId }), new Date().toISOString());
  }
}
