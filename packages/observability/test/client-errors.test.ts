// Regression (found by the fuzzers, docs/security-and-reliability.md): a request Node's HTTP parser
// refuses before any handler runs (a URL past the header size limit, a malformed request line) got an
// empty 431/400 from the PLC directory, the PDS and Jetstream; now a JSON `{error, message}` as every
// other refusal.
import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";

const { plcUrl, pdsUrl, jetstreamUrl } = inject("devnet");
const services = { plc: plcUrl, pds: pdsUrl, jetstream: jetstreamUrl };

// The raw answer to `request` written as-is on a fresh connection.
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = "";
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer")));
    socket.on("data", (d: Buffer) => {
      answer += d.toString();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.write(request);
  });
}

describe.each(Object.entries(services))("%s: parser-level refusals", (_name, url) => {
  it("a URL past the header size limit is a 431 with {error, message}", async () => {
    // The fuzzers' shrunk counterexample: a query of 2000 emoji, percent-encoded (24 KB).
    const res = await fetch(
      `${url}/xrpc/com.atproto.sync.getCheckout?x=${encodeURIComponent("💥".repeat(2000))}`,
    );
    expect(res.status).toBe(431);
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    expect(typeof body.error).toBe("string");
    expect(typeof body.message).toBe("string");
  });

  it("a malformed request line is a 400 with {error, message}", async () => {
    const answer = await rawExchange(url, "NOT AN HTTP REQUEST\r\n\r\n");
    expect(answer.startsWith("HTTP/1.1 400 ")).toBe(true);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as { error?: unknown };
    expect(body.error).toBe("InvalidRequest");
  });
});
