// Changes to an account's email address and password, each with the mailed tokens and sessions it
// invalidates in the same transaction, as the official account manager does.
import type { DatabaseSync } from "node:sqlite";
import { statementCache, transact } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";
import { XrpcError } from "../xrpc/errors.ts";
import type { SessionRevocations } from "./session-revocations.ts";
import type { EmailTokenPurpose } from "./types.ts";

export class EmailInUseError extends Error {
  constructor() {
    super("This email address is already in use, please use a different email.");
  }
}

export class SqliteCredentialStore {
  private readonly db: DatabaseSync;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;
  private readonly revocations: SessionRevocations;

  constructor(db: DatabaseSync, clock: Clock, revocations: SessionRevocations) {
    this.db = db;
    this.stmt = statementCache(db);
    this.clock = clock;
    this.revocations = revocations;
  }

  /** Marks the current address confirmed and uses up the confirmation token. */
  async confirmEmail(did: string): Promise<void> {
    transact(this.db, () => {
      this.stmt("UPDATE account SET email_confirmed_at = ? WHERE did = ?").run(
        new Date(this.clock.now()).toISOString(),
        did,
      );
      this.stmt("DELETE FROM email_token WHERE did = ? AND purpose = 'confirm_email'").run(did);
    });
  }

  /**
   * A new address starts unconfirmed; every mailed token of the account (sent to the old address)
   * stops working. EmailInUseError when another account has it. With `usingToken`, the change happens
   * only if that token (already checked by the caller) is still there to use up, so two requests with
   * one token cannot both change the address.
   */
  async changeEmail(did: string, email: string, usingToken?: EmailTokenPurpose): Promise<void> {
    const taken = this.stmt("SELECT did FROM account WHERE email = ? AND did != ?").get(email, did);
    if (taken) throw new EmailInUseError();
    try {
      transact(this.db, () => {
        if (usingToken) {
          const used = this.stmt("DELETE FROM email_token WHERE did = ? AND purpose = ?").run(
            did,
            usingToken,
          );
          if (used.changes === 0) throw new XrpcError(400, "InvalidToken", "Token is invalid");
        }
        this.stmt("UPDATE account SET email = ?, email_confirmed_at = NULL WHERE did = ?").run(email, did);
        this.stmt("DELETE FROM email_token WHERE did = ?").run(did);
      });
    } catch (err) {
      // Another account took the address between the check and the update.
      if ((err as { errcode?: number }).errcode === 2067) throw new EmailInUseError();
      throw err;
    }
  }

  /** Sets the password and ends every session of the account (refresh tokens and access tokens). */
  async resetPassword(did: string, passwordScrypt: string): Promise<void> {
    this.revocations.endSessions(did, () => {
      this.stmt("UPDATE account SET password_scrypt = ? WHERE did = ?").run(passwordScrypt, did);
      this.stmt("DELETE FROM email_token WHERE did = ? AND purpose = 'reset_password'").run(did);
    });
  }
}
