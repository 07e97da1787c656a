// Writes into the caller's own repo with the caller's own OAuth session: the only way Atrarium's write
// routes touch a repo. A writer is bound to one DID (the verified caller) and has no parameter naming a
// repo, so no route can write anywhere else.
export interface RecordRef {
  uri: string;
  cid: string;
}

// `rev`: the commit the PDS acknowledged.
export interface WriteAck extends RecordRef {
  rev: string;
}

export interface StoredRecord extends RecordRef {
  value: Record<string, unknown>;
}

export interface RepoWriter {
  readonly did: string;
  createRecord(collection: string, record: Record<string, unknown>): Promise<WriteAck>;
  putRecord(
    collection: string,
    rkey: string,
    record: Record<string, unknown>,
    swapRecord?: string,
  ): Promise<WriteAck>;
  getRecord(collection: string, rkey: string): Promise<StoredRecord | null>;
  // The commit's rev; null when there was no such record (the PDS made no commit).
  deleteRecord(collection: string, rkey: string): Promise<{ rev: string } | null>;
  listRecords(
    collection: string,
    opts?: { cursor?: string; limit?: number },
  ): Promise<{ records: StoredRecord[]; cursor?: string }>;
}
