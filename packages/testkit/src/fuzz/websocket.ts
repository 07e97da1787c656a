// One fuzz case over a WebSocket endpoint: connect (a refused upgrade must be a well-formed
// `{error, message}` refusal, oracle.ts), send the client messages, read for a moment, close. Bounded
// in time: a server that neither upgrades nor refuses within the limit is a hang.
import WebSocket from "ws";
import { checkAnswer, OracleViolation } from "./oracle.ts";

const CONNECT_TIMEOUT_MS = 10_000;

export interface WebSocketCase {
  upgraded: boolean;
  // Frames the server sent while the case ran (in order), and how it closed.
  frames: Buffer[];
  closeCode?: number;
}

export async function fuzzWebSocket(
  url: string,
  messages: (string | Uint8Array)[],
  listenMs = 30,
): Promise<WebSocketCase> {
  const ws = new WebSocket(url, { handshakeTimeout: CONNECT_TIMEOUT_MS, maxPayload: 16 * 1024 * 1024 });
  const frames: Buffer[] = [];
  const result: WebSocketCase = { upgraded: false, frames };
  ws.on("message", (data: Buffer) => frames.push(data));
  const closed = new Promise<void>((resolve) =>
    ws.once("close", (code) => {
      result.closeCode = code;
      resolve();
    }),
  );
  const opened = await new Promise<boolean>((resolve, reject) => {
    ws.once("open", () => resolve(true));
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => {
        try {
          checkAnswer({ status: res.statusCode ?? 0, text }, `upgrade ${url}`);
          resolve(false);
        } catch (err) {
          reject(err);
        }
      });
    });
    ws.once("error", (err) => {
      if (!String(err.message).includes("Unexpected server response")) {
        reject(new OracleViolation(`upgrade ${url.slice(0, 300)}: ${err.message}`));
      }
    });
  });
  if (!opened) return result;
  result.upgraded = true;
  for (const message of messages) {
    if (ws.readyState !== WebSocket.OPEN) break;
    ws.send(message);
  }
  await new Promise((r) => setTimeout(r, listenMs));
  ws.close();
  // A server that never answers the close handshake is cut off (ws terminates after its own timer);
  // bound it here too.
  await Promise.race([closed, new Promise((r) => setTimeout(r, CONNECT_TIMEOUT_MS))]);
  if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  return result;
}
