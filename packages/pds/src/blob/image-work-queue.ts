// Image decoding is the one thing an upload or a thumbnail request can make expensive at will, so it
// runs through this bounded queue: a few jobs at a time (each holding at most one blob and sharp's
// strip-wise decode buffers), a short line of waiters, and a refusal beyond that instead of a backlog
// that grows until memory runs out.

export class ImageQueueFullError extends Error {
  constructor() {
    super("Too many images are being processed; retry shortly");
  }
}

export class ImageWorkQueue {
  private readonly maxRunning: number;
  private readonly maxWaiting: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(maxRunning: number, maxWaiting: number) {
    this.maxRunning = maxRunning;
    this.maxWaiting = maxWaiting;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new ImageQueueFullError();
      // The finishing job hands its slot over (running stays counted), so no newcomer can cut in.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
