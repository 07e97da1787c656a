// node:sqlite with WAL and numbered migrations (PRAGMA user_version), shared by the PDS and Jetstream.
// synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash (kill -9);
// only an OS crash or power loss can drop the last transactions, the trade the official PDS also makes.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";

export type Migration = (db: DatabaseSync) => void;

export function openSqlite(file: string, migrations: Migration[]): DatabaseSync {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  db.exec("PRAGMA busy_timeout = 5000;");
  const current = (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  for (let v = current; v < migrations.length; v++) {
    transact(db, () => {
      migrations[v](db);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
  return db;
}

export function closeSqlite(db: DatabaseSync): void {
  if (db.isOpen) db.close();
}

// BEGIN IMMEDIATE takes the write lock up front so a transaction never fails half-way on a busy lock.
export function transact<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const out = fn();
    db.exec("COMMIT");
    return out;
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}

// Prepared statements are cached per database: preparing is far costlier than running.
export function statementCache(db: DatabaseSync) {
  const cache = new Map<string, StatementSync>();
  return (sql: string): StatementSync => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}
