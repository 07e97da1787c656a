// The bounded queue image decoding goes through: at most `maxRunning` jobs at once, in arrival order,
// a full line refused at once, and a failing job freeing its slot.
import { describe, expect, it } from "vitest";
import { ImageQueueFullError, ImageWorkQueue } from "../src/blob/image-work-queue.ts";

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("ImageWorkQueue", () => {
  it("runs at most maxRunning jobs at once, the waiting ones in order", async () => {
    const queue = new ImageWorkQueue(2, 10);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const jobs = gates.map((g, i) =>
      queue.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await g.opened;
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
  });

  it("refuses a job when the line is full, and frees the slot of a job that failed", async () => {
    const queue = new ImageWorkQueue(1, 1);
    const first = gate();
    const running = queue.run(() => first.opened);
    const waiting = queue.run(async () => {
      throw new Error("bad image");
    });
    await expect(queue.run(async () => "too many")).rejects.toBeInstanceOf(ImageQueueFullError);
    first.open();
    await running;
    await expect(waiting).rejects.toThrow("bad image");
    expect(await queue.run(async () => "after")).toBe("after");
  });
});
