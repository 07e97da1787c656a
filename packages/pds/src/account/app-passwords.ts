// App passwords: named, random passwords for third-party clients. A session made with one carries the
// app-password scope (auth/scopes.ts); revoking one ends its sessions at once (session-revocations.ts).
import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { statementCache } from "@atrarium/sqlite";
import { hashAppPassword } from "../auth/password.ts";
import type { Clock } from "../clock.ts";
import type { SessionRevocations } from "./session-revocations.ts";

export interface AppPasswordInfo {
  name: string;
  createdAt: string;
  privileged: boolean;
}

export class AppPasswordNameTakenError extends Error {}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

// xxxx-xxxx-xxxx-xxxx, the official format.
function randomAppPassword(): string {
  const chars = Array.from(randomBytes(16), (b) => BASE32[b % 32]).join("");
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4)).join("-");
}

interface Row {
  name: string;
  created_at: string;
  privileged: number;
}

const toInfo = (row: Row): AppPasswordInfo => ({
  name: row.name,
  createdAt: row.created_at,
  privileged: row.privileged === 1,
});

export class SqliteAppPasswordStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;
  private readonly revocations: SessionRevocations;

  constructor(db: DatabaseSync, clock: Clock, revocations: SessionRevocations) {
    this.stmt = statementCache(db);
    this.clock = clock;
    this.revocations = revocations;
  }

  async create(
    did: string,
    name: string,
    privileged: boolean,
  ): Promise<AppPasswordInfo & { password: string }> {
    const password = randomAppPassword();
    const createdAt = new Date(this.clock.now()).toISOString();
    const inserted = this.stmt(
      `INSERT INTO app_password (did, name, password_scrypt, created_at, privileged) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (did, name) DO NOTHING`,
    ).run(did, name, await hashAppPassword(did, password), createdAt, privileged ? 1 : 0);
    if (inserted.changes === 0)
      throw new AppPasswordNameTakenError(`App password name already in use: ${name}`);
    return { name, password, createdAt, privileged };
  }

  async list(did: string): Promise<AppPasswordInfo[]> {
    const rows = this.stmt(
      "SELECT name, created_at, privileged FROM app_password WHERE did = ? ORDER BY created_at DESC",
    ).all(did) as unknown as Row[];
    return rows.map(toInfo);
  }

  /** The app password `password` is, if it is one of the account's. */
  async verify(did: string, password: string): Promise<AppPasswordInfo | undefined> {
    const row = this.stmt(
      "SELECT name, created_at, privileged FROM app_password WHERE did = ? AND password_scrypt = ?",
    ).get(did, await hashAppPassword(did, password)) as Row | undefined;
    return row && toInfo(row);
  }

  async byName(did: string, name: string): Promise<AppPasswordInfo | undefined> {
    const row = this.stmt(
      "SELECT name, created_at, privileged FROM app_password WHERE did = ? AND name = ?",
    ).get(did, name) as Row | undefined;
    return row && toInfo(row);
  }

  /** Deletes it and ends every session made with it; revoking a name that does not exist is a no-op. */
  async revoke(did: string, name: string): Promise<void> {
    this.revocations.endSessions(
      did,
      () => this.stmt("DELETE FROM app_password WHERE did = ? AND name = ?").run(did, name),
      name,
    );
  }
}
