// The actor's outbox of firehose events. Commits queue theirs inside the commit transaction (see
// apply-commit.ts); account events come here, under the same write lock, so they stay in order with
// the commits. The sequencer then moves them to the firehose log.
import { encode } from "@atproto/lex-cbor";
import { transact } from "@atrarium/sqlite";
import type { SqliteActor } from "./actor.ts";
import { type QueuedEvent, syncEvent } from "./commit-events.ts";
import type { AccountEvent, Outbox, OutboxEvent } from "./types.ts";

export class SqliteOutbox implements Outbox {
  private readonly actor: SqliteActor;

  constructor(actor: SqliteActor) {
    this.actor = actor;
  }

  async queue(events: AccountEvent[], opts: { sync?: boolean } = {}): Promise<void> {
    const { actor } = this;
    await actor.lock.run(async () => {
      const queued: QueuedEvent[] = [...events];
      if (opts.sync) {
        const root = actor.rootRow();
        const bytes = root && actor.blocks.getBytesSync(root.cid);
        if (!root || !bytes) throw new Error(`repo of ${actor.did} has no commit`);
        queued.push(await syncEvent(actor.did, root.rev, { cid: root.cid, bytes }));
      }
      const lastId = transact(actor.db, () => appendEvents(actor, queued));
      if (queued.length > 0) actor.deps.observer?.eventsQueued(actor.did, lastId, queued.length);
    });
  }

  async pending(afterId: number): Promise<OutboxEvent[]> {
    const rows = this.actor
      .stmt("SELECT id, event_type, body FROM outbox WHERE id > ? ORDER BY id")
      .all(afterId) as { id: number; event_type: string; body: Uint8Array }[];
    return rows.map((r) => ({ id: r.id, type: r.event_type, body: r.body }));
  }

  async lastAssignedId(): Promise<number> {
    const row = this.actor.stmt("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  }

  async drainedId(): Promise<number> {
    return this.actor.drainedOutboxId;
  }

  async markDrained(id: number): Promise<void> {
    this.actor.drainedOutboxId = id;
    this.actor.deps.observer?.eventsDrained(this.actor.did, id);
  }
}

// Inside a transaction: drops the rows already in the firehose log, then queues the events in order.
// Returns the outbox id of the last event queued (0 when none).
export function appendEvents(actor: SqliteActor, events: QueuedEvent[]): number {
  actor.stmt("DELETE FROM outbox WHERE id <= ?").run(actor.drainedOutboxId);
  const queue = actor.stmt("INSERT INTO outbox (event_type, body) VALUES (?, ?)");
  let lastId = 0;
  for (const e of events) lastId = Number(queue.run(e.type, encode(e.body)).lastInsertRowid);
  return lastId;
}
