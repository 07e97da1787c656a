// Open connections per client key, capped: one client cannot hold every subscriber slot (each one
// costs a pull loop over the log and up to a batch of buffered events).
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();
  private readonly max: number;

  // max 0: no cap.
  constructor(max: number) {
    this.max = max;
  }

  tryAcquire(key: string): boolean {
    const n = this.open.get(key) ?? 0;
    if (this.max > 0 && n >= this.max) return false;
    this.open.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = this.open.get(key) ?? 0;
    if (n <= 1) this.open.delete(key);
    else this.open.set(key, n - 1);
  }
}
