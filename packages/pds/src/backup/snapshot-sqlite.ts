// A consistent copy of a live SQLite database through SQLite's online backup API, from a connection of
// our own: the server keeps writing meanwhile. The whole database is copied in one backup step, i.e.
// under one read transaction, so the copy is the database as of one instant; in WAL mode that read
// does not block the server's writers (copying page by page would restart on every write they make).
// A file copy of a WAL database is not a backup: committed pages may still be in the -wal file.
import { backup, DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";

const ALL_PAGES_IN_ONE_STEP = 2 ** 31 - 1;

export async function snapshotSqlite(source: string, destination: string): Promise<void> {
  // mode=rw: a database deleted meanwhile is an error here, not a new empty file in the live directory.
  const url = pathToFileURL(source);
  url.searchParams.set("mode", "rw");
  const live = new DatabaseSync(url);
  try {
    live.exec("PRAGMA busy_timeout = 5000");
    await backup(live, destination, { rate: ALL_PAGES_IN_ONE_STEP });
  } finally {
    live.close();
  }
  // One self-contained file per database in the backup (no -wal beside it); the server turns WAL back
  // on when it opens the restored file.
  const copy = new DatabaseSync(destination);
  try {
    copy.exec("PRAGMA journal_mode = DELETE");
  } finally {
    copy.close();
  }
}
