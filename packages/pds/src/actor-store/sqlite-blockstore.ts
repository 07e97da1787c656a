// Read side of an actor's repo blocks for @atproto/repo's MST, which loads nodes lazily by CID.

import type { StatementSync } from "node:sqlite";
import type { Cid } from "@atproto/lex-data";
import { BlockMap, ReadableBlockstore } from "@atproto/repo";

export class SqliteBlockstore extends ReadableBlockstore {
  private readonly getStmt: StatementSync;

  constructor(prepare: (sql: string) => StatementSync) {
    super();
    this.getStmt = prepare("SELECT content FROM repo_block WHERE cid = ?");
  }

  getBytesSync(cid: Cid): Uint8Array | null {
    const row = this.getStmt.get(cid.bytes) as { content: Uint8Array } | undefined;
    return row ? row.content : null;
  }

  async getBytes(cid: Cid): Promise<Uint8Array | null> {
    return this.getBytesSync(cid);
  }

  async has(cid: Cid): Promise<boolean> {
    return this.getBytesSync(cid) !== null;
  }

  async getBlocks(cids: Cid[]): Promise<{ blocks: BlockMap; missing: Cid[] }> {
    const blocks = new BlockMap();
    const missing: Cid[] = [];
    for (const cid of cids) {
      const bytes = this.getBytesSync(cid);
      if (bytes) blocks.set(cid, bytes);
      else missing.push(cid);
    }
    return { blocks, missing };
  }
}
