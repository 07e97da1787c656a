// What the actor store reports to whoever watches it (the PDS's metrics and sequencer backlog): each
// commit's time in SQLite, and the firehose events its outboxes take in and hand on. Called after the
// transaction that did it committed; cheap, synchronous, never throws.
export interface ActorStoreObserver {
  committed(did: string, dbSeconds: number): void;
  /** `count` events queued in the repo's outbox, the last under outbox id `lastId`. */
  eventsQueued(did: string, lastId: number, count: number): void;
  /** The repo's outbox rows up to `id` are in the firehose log. */
  eventsDrained(did: string, id: number): void;
}
