// Runs async work one at a time per key (a DID), so two posts for one DID validate in turn instead of
// both validating against the same log and one then failing the in-transaction re-check.
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.#tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every DID seen.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
