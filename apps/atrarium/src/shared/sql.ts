// Small helpers over Durable Object SQLite storage (ctx.storage.sql).
export type Row = Record<string, SqlStorageValue>;

export function all<T = Row>(sql: SqlStorage, query: string, ...params: unknown[]): T[] {
  return sql.exec(query, ...params).toArray() as unknown as T[];
}

export function first<T = Row>(sql: SqlStorage, query: string, ...params: unknown[]): T | undefined {
  return all<T>(sql, query, ...params)[0];
}

// Schema versions per DO, in the same spirit as numbered migrations.
export function migrate(sql: SqlStorage, migrations: string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY)");
  const done = first<{ v: number | null }>(sql, "SELECT MAX(version) AS v FROM _migrations")?.v ?? 0;
  for (let v = done; v < migrations.length; v++) {
    sql.exec(migrations[v]);
    sql.exec("INSERT INTO _migrations (version) VALUES (?)", v + 1);
  }
}
