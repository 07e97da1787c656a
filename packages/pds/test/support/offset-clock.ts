// A clock for a private PDS that a test moves forward instead of sleeping. It runs with the wall
// clock plus an offset rather than standing still, because some times the PDS compares against it
// come from outside (a temp upload's file mtime), and those follow the wall clock.
import type { Clock } from "../../src/index.ts";

export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  // Back to the wall clock.
  reset(): void {
    this.offsetMs = 0;
  }
}
