// A plain WebSocket subscriber of subscribeRepos that decodes raw frames (header + body), for tests
// that need what the ecosystem Firehose hides: seq, prevData, blocks, error frames.
import { decodeAll } from "@atproto/lex-cbor";
import WebSocket from "ws";

export interface Frame {
  op: number;
  t?: string;
  body: Record<string, unknown>;
}

export interface FrameSubscription {
  // Resolves once the upgrade is answered. The PDS fixes a cursor-less subscriber's starting point
  // (its current last seq) before it answers the upgrade, so anything written after this resolves
  // is delivered: tests wait for it instead of sleeping before they write.
  opened: Promise<void>;
  // The frames received until `until` returned true or the server closed.
  frames: Promise<Frame[]>;
}

export function decodeFrame(data: Uint8Array): Frame {
  const [header, body] = [...decodeAll(data)] as [{ op: number; t?: string }, Record<string, unknown>];
  return { op: header.op, t: header.t, body };
}

// Subscribes and collects frames until `until` returns true (or the timeout passes), then closes.
export function subscribeFrames(
  wsUrl: string,
  until: (frames: Frame[]) => boolean,
  timeoutMs = 10_000,
): FrameSubscription {
  const received: Frame[] = [];
  const ws = new WebSocket(wsUrl);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("close", () => reject(new Error("closed before it opened")));
  });
  // A test that only awaits `frames` must not see an unhandled rejection from `opened`.
  opened.catch(() => {});
  const frames = new Promise<Frame[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`timed out with ${received.length} frames`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      ws.terminate();
      resolve(received);
    };
    ws.on("message", (data: Buffer) => {
      received.push(decodeFrame(new Uint8Array(data)));
      if (until(received)) finish();
    });
    ws.on("close", () => finish());
    ws.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { opened, frames };
}

export async function collectFrames(
  wsUrl: string,
  until: (frames: Frame[]) => boolean,
  timeoutMs = 10_000,
): Promise<Frame[]> {
  return subscribeFrames(wsUrl, until, timeoutMs).frames;
}

export const wsUrlOf = (httpUrl: string, cursor?: number) =>
  `${httpUrl.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos${cursor === undefined ? "" : `?cursor=${cursor}`}`;

const lastSeqOf = (frames: Frame[]): number | undefined =>
  frames.findLast((f) => typeof f.body.seq === "number")?.body.seq as number | undefined;

// Asks for the events after `cursor`: true if the PDS answers FutureCursor (the log ends before
// `cursor`), false once it sends an event instead. A cursor equal to the last seq gets neither until
// something is written, so the caller races this with what else tells it the log goes on.
function probePastEnd(httpUrl: string, cursor: number): { verdict: Promise<boolean>; stop: () => void } {
  const ws = new WebSocket(wsUrlOf(httpUrl, cursor));
  const verdict = new Promise<boolean>((resolve, reject) => {
    ws.once("message", (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data));
      if (frame.op === 1) resolve(false);
      else if (frame.body.error === "FutureCursor") resolve(true);
      else reject(new Error(`probe at cursor ${cursor} got ${String(frame.body.error)}`));
    });
    ws.on("error", reject);
  });
  verdict.catch(() => {});
  return { verdict, stop: () => ws.terminate() };
}

// Every frame after `cursor` up to the end of the log as it is now (nothing may be writing). The end
// is proven rather than guessed from a quiet spell: once a subscriber asking for the events after
// the last seq received is told FutureCursor, nothing is left.
export async function replayToEnd(httpUrl: string, cursor: number, timeoutMs = 20_000): Promise<Frame[]> {
  const frames: Frame[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  const ws = new WebSocket(wsUrlOf(httpUrl, cursor));
  ws.on("message", (data: Buffer) => {
    frames.push(decodeFrame(new Uint8Array(data)));
    wake();
  });
  ws.on("error", (err) => {
    failure = err;
    wake();
  });
  ws.on("close", () => {
    failure ??= new Error(`the replay from ${cursor} was closed after ${frames.length} frames`);
    wake();
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (failure) throw failure;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`the replay from ${cursor} did not reach the end of the log`);
      const grew = new Promise<"grew">((resolve) => {
        wake = () => resolve("grew");
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), remaining);
      });
      const probe = probePastEnd(httpUrl, (lastSeqOf(frames) ?? cursor) + 1);
      try {
        const outcome = await Promise.race([probe.verdict, grew, timeout]);
        if (outcome === true) return frames;
        // More is on its way to this subscriber: wait for it before probing again.
        if (outcome === false) await Promise.race([grew, timeout]);
      } finally {
        probe.stop();
        clearTimeout(timer);
      }
    }
  } finally {
    ws.terminate();
  }
}
