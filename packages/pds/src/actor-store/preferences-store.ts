// The account's private preferences, kept in its own store. A namespace ("app.bsky") is replaced as a
// whole by a put, except the preferences the caller may not touch (read-only or out of its scope),
// which stay as they are.
import { transact } from "@atrarium/sqlite";
import type { SqliteActor } from "./actor.ts";
import type { Preference, PreferencesStore, PreferenceVisibility } from "./types.ts";

export class SqlitePreferencesStore implements PreferencesStore {
  private readonly actor: SqliteActor;

  constructor(actor: SqliteActor) {
    this.actor = actor;
  }

  async list(namespace: string, visible: PreferenceVisibility): Promise<Preference[]> {
    const rows = this.actor.stmt("SELECT name, value_json FROM account_pref ORDER BY id").all() as {
      name: string;
      value_json: string;
    }[];
    return rows
      .filter((r) => inNamespace(namespace, r.name) && visible(r.name))
      .map((r) => JSON.parse(r.value_json) as Preference);
  }

  async replace(namespace: string, prefs: Preference[], writable: PreferenceVisibility): Promise<void> {
    const { actor } = this;
    transact(actor.db, () => {
      const rows = actor.stmt("SELECT id, name FROM account_pref").all() as { id: number; name: string }[];
      for (const row of rows) {
        if (inNamespace(namespace, row.name) && writable(row.name)) {
          actor.stmt("DELETE FROM account_pref WHERE id = ?").run(row.id);
        }
      }
      for (const pref of prefs) {
        actor
          .stmt("INSERT INTO account_pref (name, value_json) VALUES (?, ?)")
          .run(pref.$type, JSON.stringify(pref));
      }
    });
  }
}

// "app.bsky" holds "app.bsky.actor.defs#adultContentPref", not "app.bskyother#x".
export function inNamespace(namespace: string, type: string): boolean {
  return type === namespace || type.startsWith(`${namespace}.`);
}
