// One Durable Object per user (named by DID): the OAuth session the Worker holds for them, sealed, and
// the browser sessions (token hashes) that act for them. The user's repo calls run here, so a refresh
// of their tokens happens in one place at a time (the library's in-memory lock suffices within one
// object) and a refreshed token set is stored before anyone else can use the old one.
import { DurableObject } from "cloudflare:workers";
import {
  type OAuthClient,
  TokenInvalidError,
  TokenRefreshError,
  TokenRevokedError,
} from "@atproto/oauth-client";
import type { Env } from "../env.ts";
import { servicesOf } from "../services.ts";
import { first, migrate } from "../shared/sql.ts";
import { buildOAuthClient, type SessionVault, sessionStore, stateStore } from "./oauth-client.ts";
import { callRepo, type RepoOp, type RepoOpResult } from "./repo-calls.ts";
import { SealedBox } from "./sealed-box.ts";

export class OAuthSessions extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private client: Promise<OAuthClient> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql, [
      "CREATE TABLE session (id INTEGER PRIMARY KEY CHECK (id = 1), sealed TEXT NOT NULL, updated INTEGER NOT NULL)",
      "CREATE TABLE browser (hash TEXT PRIMARY KEY, created INTEGER NOT NULL, expires INTEGER NOT NULL)",
    ]);
  }

  // SessionVault over this object's storage (the DID is the sealing's associated data).
  loadSealed(): string | null {
    return first<{ sealed: string }>(this.sql, "SELECT sealed FROM session WHERE id = 1")?.sealed ?? null;
  }

  saveSealed(sealed: string): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO session (id, sealed, updated) VALUES (1, ?, ?)",
      sealed,
      Date.now(),
    );
  }

  deleteSealed(): void {
    this.sql.exec("DELETE FROM session");
  }

  openBrowser(hash: string, expires: number): void {
    this.sql.exec("DELETE FROM browser WHERE expires < ?", Date.now());
    this.sql.exec("INSERT INTO browser (hash, created, expires) VALUES (?, ?, ?)", hash, Date.now(), expires);
  }

  checkBrowser(hash: string): boolean {
    return (
      first(this.sql, "SELECT 1 FROM browser WHERE hash = ? AND expires >= ?", hash, Date.now()) !== undefined
    );
  }

  // Ends one browser session; the live ones left.
  closeBrowser(hash: string): number {
    this.sql.exec("DELETE FROM browser WHERE hash = ? OR expires < ?", hash, Date.now());
    return first<{ n: number }>(this.sql, "SELECT COUNT(*) AS n FROM browser")?.n ?? 0;
  }

  hasSession(): boolean {
    return this.loadSealed() !== null;
  }

  // The scope the stored session was granted, or null without a usable one.
  async grantedScope(did: string): Promise<string | null> {
    try {
      const session = await (await this.oauth()).restore(did, false);
      return (await session.getTokenInfo(false)).scope;
    } catch {
      return null;
    }
  }

  async repo(did: string, op: RepoOp): Promise<RepoOpResult> {
    if (!this.hasSession()) return noSession(did);
    let session: Awaited<ReturnType<OAuthClient["restore"]>>;
    try {
      session = await (await this.oauth()).restore(did);
    } catch (err) {
      if (
        err instanceof TokenRefreshError ||
        err instanceof TokenRevokedError ||
        err instanceof TokenInvalidError
      )
        return noSession(did, err.message);
      return { ok: false, status: 502, error: "RepoUnavailable", message: (err as Error).message };
    }
    return callRepo(session, op);
  }

  // Signs the user out of Atrarium for good: the PDS revokes the tokens, the session is forgotten.
  async revoke(did: string): Promise<void> {
    try {
      if (this.hasSession()) await (await this.oauth()).revoke(did);
    } finally {
      this.deleteSealed();
    }
  }

  private oauth(): Promise<OAuthClient> {
    if (!this.client) {
      const { settings, resolver, stubs } = servicesOf(this.env);
      const oauth = settings.oauth;
      if (!oauth.ok) throw new Error(oauth.problem);
      const box = new SealedBox(oauth.settings.sessionKey);
      const vault: SessionVault = {
        load: async () => this.loadSealed(),
        save: async (_did, sealed) => this.saveSealed(sealed),
        remove: async () => this.deleteSealed(),
      };
      this.client = buildOAuthClient(oauth.settings, {
        resolver,
        stateStore: stateStore(() => stubs.oauthPending(), box),
        sessionStore: sessionStore(vault, box),
      });
      this.client.catch(() => {
        this.client = null;
      });
    }
    return this.client;
  }
}

function noSession(did: string, why?: string): RepoOpResult {
  return {
    ok: false,
    status: 401,
    error: "OAuthSessionRequired",
    message: `Atrarium holds no usable OAuth session for ${did}${why ? ` (${why})` : ""}: sign in at /oauth/login`,
  };
}
