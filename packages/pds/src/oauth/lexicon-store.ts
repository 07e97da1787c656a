// Lexicons the provider needs for `include:<nsid>` scopes (permission sets). Lexicons this server knows
// (the vendored atproto ones and our own net.atrarium.*) are answered from memory first and always
// fresh, so `include:` never needs the network for them (the devnet is offline); lexicons resolved
// from elsewhere are cached in the oauth_lexicon table.
import type { DatabaseSync } from "node:sqlite";
import type { LexiconData, LexiconDocument, LexiconStore } from "@atproto/oauth-provider/store";
import { statementCache } from "@atrarium/sqlite";
import { decodeRecord, encodeRecord } from "./json-with-dates.ts";

const DATE_FIELDS = ["createdAt", "updatedAt", "lastSucceededAt"] as const;

export class SqliteLexiconStore implements LexiconStore {
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly local: ReadonlyMap<string, LexiconDocument>;
  private readonly startedAt = new Date();

  constructor(db: DatabaseSync, localDocs: Iterable<{ id: string }>) {
    this.stmt = statementCache(db);
    this.local = new Map(Array.from(localDocs, (doc) => [doc.id, doc as unknown as LexiconDocument]));
  }

  async findLexicon(nsid: string): Promise<LexiconData | null> {
    const local = this.local.get(nsid);
    if (local) {
      // updatedAt "now": the provider's cache never finds a local lexicon stale, so never re-resolves it.
      const now = new Date();
      return { createdAt: this.startedAt, updatedAt: now, lastSucceededAt: now, uri: null, lexicon: local };
    }
    const row = this.stmt("SELECT data_json FROM oauth_lexicon WHERE nsid = ?").get(nsid) as
      | { data_json: string }
      | undefined;
    return row ? decodeRecord<LexiconData>(row.data_json, DATE_FIELDS) : null;
  }

  async storeLexicon(nsid: string, data: LexiconData): Promise<void> {
    if (this.local.has(nsid)) return;
    this.stmt(
      `INSERT INTO oauth_lexicon (nsid, data_json) VALUES (?, ?)
       ON CONFLICT (nsid) DO UPDATE SET data_json = excluded.data_json`,
    ).run(nsid, encodeRecord(data));
  }

  async deleteLexicon(nsid: string): Promise<void> {
    this.stmt("DELETE FROM oauth_lexicon WHERE nsid = ?").run(nsid);
  }
}
