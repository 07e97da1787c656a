// The sequencer backlog: firehose events committed to actor outboxes and not yet moved into the
// firehose log. Kept per repo as the range of outbox ids waiting (ids of one outbox are consecutive),
// from what the actor store reports after each commit and each drain, so reading it costs nothing
// and the write path only updates one map entry. Rows left from before a restart are not counted:
// startup moves them before the server answers (recover.ts).
interface Pending {
  from: number;
  to: number;
  // Wall-clock ms since the oldest waiting event was queued.
  since: number;
}

export class OutboxBacklog {
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;

  constructor(now = () => Date.now()) {
    this.now = now;
  }

  /** `count` events were queued in the repo's outbox, the last under outbox id `lastId`. */
  queued(did: string, lastId: number, count: number): void {
    const entry = this.pending.get(did);
    if (entry) entry.to = lastId;
    else this.pending.set(did, { from: lastId - count + 1, to: lastId, since: this.now() });
  }

  /** The repo's outbox rows up to `id` are in the firehose log. */
  drained(did: string, id: number): void {
    const entry = this.pending.get(did);
    if (!entry) return;
    if (id >= entry.to) this.pending.delete(did);
    else if (id >= entry.from) {
      entry.from = id + 1;
      entry.since = this.now();
    }
  }

  /** Events waiting, over every repo. */
  events(): number {
    let total = 0;
    for (const p of this.pending.values()) total += p.to - p.from + 1;
    return total;
  }

  /** How long the oldest waiting event has waited, in ms (0 when none waits). */
  oldestWaitMs(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const p of this.pending.values()) oldest = Math.min(oldest, p.since);
    return oldest === Number.POSITIVE_INFINITY ? 0 : this.now() - oldest;
  }
}
