// OAuth tokens (stateful mode: every use of an access token reads its row here, so revoking or
// rotating takes effect at once). A token row keeps its internal id across refreshes; the refresh
// tokens it used before are remembered so that a replayed one can be recognised (the provider then
// revokes the whole token). A token of an account that is gone or taken down reads as absent.
import type { DatabaseSync } from "node:sqlite";
import type {
  Account,
  Code,
  CreateTokenData,
  Did,
  NewTokenData,
  RefreshToken,
  TokenData,
  TokenId,
  TokenInfo,
  TokenStore,
} from "@atproto/oauth-provider/store";
import { statementCache, transact } from "@atrarium/sqlite";
import { decodeRecord, encodeRecord } from "./json-with-dates.ts";

const DATE_FIELDS = ["createdAt", "updatedAt", "expiresAt"] as const;

interface TokenRow {
  id: number;
  token_id: string;
  did: string;
  current_refresh_token: string | null;
  data_json: string;
}

// The provider's view of an account, or null when it may not use its tokens any more.
export type AccountViewer = (did: string) => Promise<Account | null>;

export class SqliteTokenStore implements TokenStore {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;

  private readonly viewAccount: AccountViewer;

  constructor(db: DatabaseSync, viewAccount: AccountViewer) {
    this.viewAccount = viewAccount;
    this.db = db;
    this.stmt = statementCache(db);
  }

  async createToken(tokenId: TokenId, data: CreateTokenData, refreshToken?: RefreshToken): Promise<void> {
    this.stmt(
      `INSERT INTO oauth_token (token_id, did, code, current_refresh_token, data_json)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(tokenId, data.did, data.code, refreshToken ?? null, encodeRecord(data));
  }

  async readToken(tokenId: TokenId): Promise<TokenInfo | null> {
    return this.toInfo(this.stmt("SELECT * FROM oauth_token WHERE token_id = ?").get(tokenId));
  }

  async deleteToken(tokenId: TokenId): Promise<void> {
    this.stmt("DELETE FROM oauth_token WHERE token_id = ?").run(tokenId);
  }

  async rotateToken(
    tokenId: TokenId,
    newTokenId: TokenId,
    newRefreshToken: RefreshToken,
    newData: NewTokenData,
  ): Promise<void> {
    // A clash is reported after the commit: the old refresh token must stay recorded as used.
    const clash = transact(this.db, () => {
      const row = this.stmt("SELECT * FROM oauth_token WHERE token_id = ?").get(tokenId) as
        | TokenRow
        | undefined;
      if (!row) throw new Error(`no token ${tokenId} to rotate`);
      if (row.current_refresh_token)
        this.stmt("INSERT INTO oauth_used_refresh_token (refresh_token, token_row) VALUES (?, ?)").run(
          row.current_refresh_token,
          row.id,
        );
      if (this.stmt("SELECT 1 FROM oauth_used_refresh_token WHERE refresh_token = ?").get(newRefreshToken))
        return new Error("New refresh token already in use");
      const data: TokenData = { ...decodeRecord<TokenData>(row.data_json, DATE_FIELDS), ...newData };
      this.stmt(
        "UPDATE oauth_token SET token_id = ?, current_refresh_token = ?, data_json = ? WHERE id = ?",
      ).run(newTokenId, newRefreshToken, encodeRecord(data), row.id);
      return undefined;
    });
    if (clash) throw clash;
  }

  // The token a refresh token belongs to, whether it is its current one or one it used before.
  async findTokenByRefreshToken(refreshToken: RefreshToken): Promise<TokenInfo | null> {
    const used = this.stmt("SELECT token_row FROM oauth_used_refresh_token WHERE refresh_token = ?").get(
      refreshToken,
    ) as { token_row: number } | undefined;
    const row = used
      ? this.stmt("SELECT * FROM oauth_token WHERE id = ?").get(used.token_row)
      : this.stmt("SELECT * FROM oauth_token WHERE current_refresh_token = ?").get(refreshToken);
    return this.toInfo(row);
  }

  async findTokenByCode(code: Code): Promise<TokenInfo | null> {
    return this.toInfo(this.stmt("SELECT * FROM oauth_token WHERE code = ?").get(code));
  }

  async listAccountTokens(did: Did): Promise<TokenInfo[]> {
    const rows = this.stmt("SELECT * FROM oauth_token WHERE did = ? ORDER BY id").all(did);
    const infos = await Promise.all(rows.map((row) => this.toInfo(row)));
    return infos.filter((info): info is TokenInfo => info !== null);
  }

  private async toInfo(raw: unknown): Promise<TokenInfo | null> {
    const row = raw as TokenRow | undefined;
    if (!row) return null;
    const account = await this.viewAccount(row.did);
    if (!account) return null;
    return {
      id: row.token_id as TokenId,
      data: decodeRecord<TokenData>(row.data_json, DATE_FIELDS),
      account,
      currentRefreshToken: row.current_refresh_token as RefreshToken | null,
    };
  }
}
