// com.atproto.label.subscribeLabels frames, as the firehose frames them: a DAG-CBOR header
// ({op: 1, t: "#labels" | "#info"} or {op: -1} for an error) followed by a DAG-CBOR body.
import { decodeAll } from "@atproto/lex-cbor";

export interface WireLabel {
  ver?: number;
  src: string;
  uri: string;
  cid?: string;
  val: string;
  neg?: boolean;
  cts: string;
  exp?: string;
  sig: Uint8Array;
}

export type LabelFrame =
  | { kind: "labels"; seq: number; labels: WireLabel[] }
  | { kind: "info"; name: string; message?: string }
  | { kind: "error"; error: string; message?: string }
  | { kind: "unknown" };

export class MalformedFrameError extends Error {}

export function decodeLabelFrame(bytes: Uint8Array): LabelFrame {
  let parts: unknown[];
  try {
    parts = [...decodeAll(bytes)];
  } catch (err) {
    throw new MalformedFrameError(`not DAG-CBOR: ${(err as Error).message}`);
  }
  const [header, body] = parts as [Record<string, unknown> | undefined, Record<string, unknown> | undefined];
  if (parts.length !== 2 || !header || !body || typeof header !== "object" || typeof body !== "object")
    throw new MalformedFrameError("a frame is a header and a body");
  if (header.op === -1)
    return { kind: "error", error: String(body.error ?? "Unknown"), message: optionalText(body.message) };
  if (header.op !== 1) throw new MalformedFrameError(`unknown op ${String(header.op)}`);
  if (header.t === "#info")
    return { kind: "info", name: String(body.name ?? ""), message: optionalText(body.message) };
  if (header.t !== "#labels") return { kind: "unknown" };
  if (!Number.isSafeInteger(body.seq) || !Array.isArray(body.labels))
    throw new MalformedFrameError("#labels without seq or labels");
  return { kind: "labels", seq: body.seq as number, labels: body.labels.filter(isWireLabel) };
}

const optionalText = (v: unknown) => (typeof v === "string" ? v : undefined);

function isWireLabel(v: unknown): v is WireLabel {
  const l = v as Partial<WireLabel> | null;
  return (
    !!l &&
    typeof l === "object" &&
    typeof l.src === "string" &&
    typeof l.uri === "string" &&
    typeof l.val === "string" &&
    typeof l.cts === "string" &&
    l.sig instanceof Uint8Array &&
    (l.cid === undefined || typeof l.cid === "string") &&
    (l.exp === undefined || typeof l.exp === "string") &&
    (l.neg === undefined || typeof l.neg === "boolean")
  );
}
