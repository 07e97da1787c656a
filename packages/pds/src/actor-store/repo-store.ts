// The repo of one account: reads of its head and blocks, the CAR export, and its three commit paths
// (repo-writer.ts), all of which end in applyCommit.
import type { Cid } from "@atproto/lex-data";
import type { BlockMap } from "@atproto/repo";
import type { PreparedWrite } from "../repo/prepare.ts";
import { coveringProofCids } from "../repo/proof-cids.ts";
import type { SqliteActor } from "./actor.ts";
import { exportCarFromSnapshot } from "./car-export.ts";
import { applyWrites, createRepo, importRepo } from "./repo-writer.ts";
import type { AccountEvent, CommitResult, ImportedRepo, RepoRoot, RepoStore } from "./types.ts";

export class SqliteRepoStore implements RepoStore {
  private readonly actor: SqliteActor;

  constructor(actor: SqliteActor) {
    this.actor = actor;
  }

  async root(): Promise<RepoRoot | null> {
    return this.actor.rootRow();
  }

  async blockCount(): Promise<number> {
    return (this.actor.stmt("SELECT COUNT(*) AS n FROM repo_block").get() as { n: number }).n;
  }

  async getBlocks(cids: Cid[]): Promise<{ blocks: BlockMap; missing: Cid[] }> {
    return this.actor.blocks.getBlocks(cids);
  }

  async recordProof(collection: string, rkey: string): Promise<{ commit: Cid; blocks: BlockMap }> {
    const head = await this.actor.getHead();
    const key = `${collection}/${rkey}`;
    const cids = new Map<string, Cid>([[head.cid.toString(), head.cid]]);
    await coveringProofCids(head.data, key, cids);
    const recordCid = await head.data.get(key);
    if (recordCid) cids.set(recordCid.toString(), recordCid);
    const { blocks } = await this.actor.blocks.getBlocks([...cids.values()]);
    return { commit: head.cid, blocks };
  }

  async exportCar(opts: { since?: string } = {}): Promise<AsyncIterable<Uint8Array>> {
    return exportCarFromSnapshot(this.actor.file, opts.since);
  }

  create(opts: { events: AccountEvent[]; announce: boolean }): Promise<CommitResult> {
    return createRepo(this.actor, opts);
  }

  applyWrites(writes: PreparedWrite[], opts?: { swapCommit?: Cid }): Promise<CommitResult> {
    return applyWrites(this.actor, writes, opts);
  }

  importRepo(repo: ImportedRepo): Promise<CommitResult> {
    return importRepo(this.actor, repo);
  }
}
