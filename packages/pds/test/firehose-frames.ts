// A plain WebSocket subscriber of subscribeRepos that decodes raw frames (header + body), for tests
// that need what the ecosystem Firehose hides: seq, prevData, blocks, error frames.
import { decodeAll } from "@atproto/lex-cbor";
import WebSocket from "ws";

export interface Frame {
  op: number;
  t?: string;
  body: Record<string, unknown>;
}

export function decodeFrame(data: Uint8Array): Frame {
  const [header, body] = [...decodeAll(data)] as [{ op: number; t?: string }, Record<string, unknown>];
  return { op: header.op, t: header.t, body };
}

// Collects frames until `until` returns true (or the timeout passes), then closes.
export async function collectFrames(
  wsUrl: string,
  until: (frames: Frame[]) => boolean,
  timeoutMs = 10_000,
): Promise<Frame[]> {
  const frames: Frame[] = [];
  const ws = new WebSocket(wsUrl);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`timed out with ${frames.length} frames`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      ws.terminate();
      resolve(frames);
    };
    ws.on("message", (data: Buffer) => {
      frames.push(decodeFrame(new Uint8Array(data)));
      if (until(frames)) finish();
    });
    ws.on("close", () => finish());
    ws.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export const wsUrlOf = (httpUrl: string, cursor?: number) =>
  `${httpUrl.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos${cursor === undefined ? "" : `?cursor=${cursor}`}`;
