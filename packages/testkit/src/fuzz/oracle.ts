// The fuzzers' oracle: a server answers every input with a 2xx (the input happened to be valid) or a
// 4xx whose body is a JSON `{error: string, message?: string}`; never a 5xx, never a malformed error,
// never a hang (each request has its own timeout, a timeout counts as a failure). One exception: a
// gateway answer (502 UpstreamFailure, 504 UpstreamTimeout) when the input made the server ask
// another host that is not there (a did:web on a closed port): that is the documented answer of an
// unreachable upstream, not a fault of the server asked.
import { appendFileSync } from "node:fs";

const REQUEST_TIMEOUT_MS = 10_000;

// FUZZ_TALLY=<file>: one line per answer (status, the request without its query, the start of the
// body) appended to that file, to see what a run actually reached (how many cases got past auth and
// validation).
function tally(answer: FuzzAnswer, what: string): void {
  const file = process.env.FUZZ_TALLY;
  const excerpt = answer.text.slice(0, 100).replace(/\s+/g, " ");
  if (file) appendFileSync(file, `${answer.status} ${what.split("?")[0]} ${excerpt}\n`);
}

export interface FuzzAnswer {
  status: number;
  text: string;
}

export class OracleViolation extends Error {}

export async function fuzzFetch(url: string | URL, init: RequestInit = {}): Promise<FuzzAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw new OracleViolation(
      `${init.method ?? "GET"} ${String(url).slice(0, 300)}: no answer (${String(err)})`,
    );
  }
  // Reading the body is bounded by the same kind of timeout: a server that sends headers and then
  // stalls is a hang too.
  const text = await Promise.race([
    res.text(),
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new OracleViolation(`${String(url).slice(0, 300)}: body stalled`)),
        REQUEST_TIMEOUT_MS,
      ),
    ),
  ]);
  return { status: res.status, text };
}

// What a refusal's JSON body carries: XRPC's `{error, message?}`, or the did:plc directory's
// `{message}` (the official plc.directory's shape, which PLC clients read).
export type RefusalShape = "xrpc" | "plc";

// Throws (fast-check then shrinks the input) unless `answer` is a success or a well-formed refusal.
export function checkAnswer(answer: FuzzAnswer, what: string, shape: RefusalShape = "xrpc"): void {
  tally(answer, what);
  const where = `${what.slice(0, 300)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new OracleViolation(`refusal is not JSON: ${where}`);
  }
  const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
  const wellFormed =
    shape === "plc"
      ? typeof message === "string"
      : typeof error === "string" && (message === undefined || typeof message === "string");
  if (!wellFormed) {
    throw new OracleViolation(`refusal is not {error, message}: ${where}`);
  }
  if (answer.status >= 500 && error !== UPSTREAM_ERRORS[answer.status])
    throw new OracleViolation(`server error: ${where}`);
}

const UPSTREAM_ERRORS: Record<number, string> = { 502: "UpstreamFailure", 504: "UpstreamTimeout" };

export async function fuzzCall(
  url: string | URL,
  init: RequestInit = {},
  shape: RefusalShape = "xrpc",
): Promise<FuzzAnswer> {
  const answer = await fuzzFetch(url, init);
  checkAnswer(answer, `${init.method ?? "GET"} ${String(url)}`, shape);
  return answer;
}

// Resident memory of this process in MiB: the in-process servers' growth over a fuzz run must stay
// under a generous bound (a leak per request shows at thousands of cases).
export function rssMiB(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}
