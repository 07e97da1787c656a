// The newest posts of a feed's parent and of the global pool, kept for a second in the community's
// Durable Object, so most feed pages cost no call to another object: a page whose posts all lie in
// that window is cut from it; one reaching past its end asks the source itself (which answers in the
// same order, so paging across the boundary neither skips nor repeats). A second's delay for the parent's
// and the pool's newest posts is the price; the community's own posts are always read live.
const TTL_MS = 1_000;
export const WINDOW_POSTS = 200;

interface Held<T> {
  key: string;
  until: number;
  rows: Promise<T[] | null>;
}

export class SourceWindow<T, P> {
  private held: Held<T> | null = null;
  private readonly older: (row: T, after: P) => boolean;

  // `older`: whether a row comes after position `after` in the source's order.
  constructor(older: (row: T, after: P) => boolean) {
    this.older = older;
  }

  // `fetch(n, after)`: the source itself; null when it has nothing to give (e.g. no longer a parent).
  async page(
    key: string,
    n: number,
    after: P | undefined,
    fetch: (n: number, after?: P) => Promise<T[] | null>,
  ): Promise<T[] | null> {
    const now = Date.now();
    if (!this.held || this.held.key !== key || this.held.until <= now) {
      const rows = fetch(WINDOW_POSTS);
      this.held = { key, until: now + TTL_MS, rows };
      rows.catch(() => {
        if (this.held?.rows === rows) this.held = null;
      });
    }
    const top = await this.held.rows;
    if (top === null) return null;
    const rest = after === undefined ? top : top.filter((row) => this.older(row, after));
    if (rest.length >= n || top.length < WINDOW_POSTS) return rest.slice(0, n);
    return fetch(n, after);
  }
}
