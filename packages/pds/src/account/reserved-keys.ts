// Repo signing keys reserved ahead of an account migrating in (com.atproto.server.reserveSigningKey):
// the migrating client puts the key in its DID document before the account exists here, and
// createAccount with that DID then signs the repo with it. A reservation lives a week at most.
import type { DatabaseSync } from "node:sqlite";
import { Secp256k1Keypair } from "@atproto/crypto";
import { statementCache } from "@atrarium/sqlite";
import type { Clock } from "../clock.ts";

export const RESERVATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export class SqliteReservedKeyStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.stmt = statementCache(db);
    this.clock = clock;
  }

  /** A new key (the same one again while a reservation for `did` lives), as its did:key. */
  async reserve(did?: string): Promise<string> {
    const now = this.clock.now();
    this.stmt("DELETE FROM reserved_signing_key WHERE expires_at <= ?").run(now);
    if (did) {
      const row = this.stmt("SELECT key_did FROM reserved_signing_key WHERE did = ?").get(did) as
        | { key_did: string }
        | undefined;
      if (row) return row.key_did;
    }
    const keypair = await Secp256k1Keypair.create({ exportable: true });
    this.stmt(
      "INSERT INTO reserved_signing_key (key_did, did, private_key, expires_at) VALUES (?, ?, ?, ?)",
    ).run(keypair.did(), did ?? null, await keypair.export(), now + RESERVATION_TTL_MS);
    return keypair.did();
  }

  /** The live key reserved for `did`, if any. */
  async get(did: string): Promise<Uint8Array | undefined> {
    const row = this.stmt(
      "SELECT private_key FROM reserved_signing_key WHERE did = ? AND expires_at > ?",
    ).get(did, this.clock.now()) as { private_key: Uint8Array } | undefined;
    return row?.private_key;
  }

  /** Drops the reservation for `did` once its account exists (a key signs one repo only). */
  async release(did: string): Promise<void> {
    this.stmt("DELETE FROM reserved_signing_key WHERE did = ?").run(did);
  }
}
