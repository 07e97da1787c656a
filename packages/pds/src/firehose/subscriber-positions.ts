// Where each open subscribeRepos connection is in the firehose log, for the operator: how many are
// open and how far the furthest behind is from the head. A subscriber updates its own position (a
// property write per frame sent); the numbers are read only when Prometheus scrapes.
export interface SubscriberPosition {
  // The seq of the last event sent; null until the subscriber's starting point is known.
  cursor: number | null;
}

export class SubscriberPositions {
  private readonly open = new Set<SubscriberPosition>();

  add(): SubscriberPosition {
    const position: SubscriberPosition = { cursor: null };
    this.open.add(position);
    return position;
  }

  remove(position: SubscriberPosition): void {
    this.open.delete(position);
  }

  get count(): number {
    return this.open.size;
  }

  /** Events of the log past the furthest-behind subscriber's position (0 with none open). */
  maxLag(head: number): number {
    let lag = 0;
    for (const { cursor } of this.open) if (cursor !== null) lag = Math.max(lag, head - cursor);
    return lag;
  }
}
