// What the directory tells its operator: a request id on every response and log line, /metrics
// (a bearer token, else loopback only) with operations accepted and refused by reason, the time
// appends spend in SQLite and the number of DIDs, and readiness that follows the database.
import { parsePrometheusText, sampleValue } from "@atrarium/observability/prometheus-text";
import { updateHandleOp } from "@did-plc/lib";
import { afterAll, describe, expect, it } from "vitest";
import { PlcStore } from "../src/index.ts";
import { expectStatus, getJson, newIdentity, postOp, startTestPlc, type TestPlc } from "./helpers.ts";

const started: TestPlc[] = [];
afterAll(async () => {
  for (const p of started.reverse()) await p.cleanup();
});

async function start(opts: Parameters<typeof startTestPlc>[0] = {}): Promise<TestPlc> {
  const plc = await startTestPlc(opts);
  started.push(plc);
  return plc;
}

async function scrape(url: string, token: string) {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe("PLC observability", () => {
  it("answers with the request id it was given or made, and logs it with the route pattern", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const plc = await start({ logLevel: "info", logDestination: destination });
    const id = await newIdentity("reqid.test");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);

    const given = await fetch(`${plc.url}/${id.did}`, { headers: { "x-request-id": "probe-7.a_b" } });
    expect(given.status).toBe(200);
    expect(given.headers.get("x-request-id")).toBe("probe-7.a_b");
    const line = lines.find((l) => l.reqId === "probe-7.a_b");
    expect(line).toMatchObject({ name: "plc", msg: "request", method: "GET", path: "/:did", status: 200 });
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toContain(id.did);

    const made = await fetch(`${plc.url}/${id.did}/log`, { headers: { "x-request-id": "no spaces please" } });
    const madeId = made.headers.get("x-request-id");
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.reqId === madeId)).toMatchObject({ path: "/:did/log", status: 200 });
  });

  it("/metrics: refused without the token or through a proxy, then counts operations", async () => {
    const token = "plc-metrics-s3cret";
    const plc = await start({ metricsToken: token, rateLimits: { hour: 2 } });
    for (const headers of [{}, { authorization: "Bearer wrong" }, { "x-forwarded-for": "203.0.113.7" }]) {
      const res = await fetch(`${plc.url}/metrics`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.json()).toMatchObject({
        error: "AuthenticationRequired",
        message: expect.any(String),
      });
    }
    const before = await scrape(plc.url, token);
    expect(sampleValue(before, "plc_operations_accepted_total")).toBe(0);
    expect(sampleValue(before, "plc_operations_refused_total", { reason: "rate-limited" })).toBe(0);
    expect(sampleValue(before, "plc_dids")).toBe(0);

    const id = await newIdentity("metrics.test");
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 200);
    await expectStatus(await postOp(plc.url, id.did, id.genesis), 400); // duplicate
    const op1 = await updateHandleOp(id.genesis, id.rotation[1], "metrics1.test");
    await expectStatus(await postOp(plc.url, id.did, op1), 200);
    const op2 = await updateHandleOp(op1, id.rotation[1], "metrics2.test");
    await expectStatus(await postOp(plc.url, id.did, op2), 400); // a third op within the hour
    await expectStatus(await postOp(plc.url, id.did, "{not json"), 400);
    const other = await newIdentity("metrics-other.test");
    await expectStatus(await postOp(plc.url, other.did, other.genesis), 200);

    const after = await scrape(plc.url, token);
    expect(sampleValue(after, "plc_operations_accepted_total")).toBe(3);
    const refused = (reason: string) => sampleValue(after, "plc_operations_refused_total", { reason });
    expect(refused("duplicate")).toBe(1);
    expect(refused("rate-limited")).toBe(1);
    expect(refused("invalid-body")).toBe(1);
    expect(refused("invalid-signature")).toBe(0);
    // Every append that reached the store was timed; the malformed body never did.
    expect(sampleValue(after, "plc_operation_db_seconds_count")).toBe(5);
    expect(sampleValue(after, "plc_dids")).toBe(2);
    const posts = { method: "POST", route: "/:did" };
    expect(sampleValue(after, "http_requests_total", { ...posts, status: "200" })).toBe(3);
    expect(sampleValue(after, "http_requests_total", { ...posts, status: "400" })).toBe(3);
    expect(sampleValue(after, "http_request_duration_seconds_count", posts)).toBe(6);
    expect(sampleValue(after, "process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("/metrics without a token: loopback clients only, not what a proxy forwards", async () => {
    const plc = await start();
    const proxied = await fetch(`${plc.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    expect(await proxied.json()).toEqual({
      error: "Forbidden",
      message: "metrics are served to loopback clients only",
    });
    const direct = await fetch(`${plc.url}/metrics`);
    expect(direct.status).toBe(200);
    expect(parsePrometheusText(await direct.text()).length).toBeGreaterThan(0);
  });

  it("counts DIDs once from the database, then as appends create them", async () => {
    const store = new PlcStore({ dbPath: ":memory:" });
    const a = await newIdentity("count-a.test");
    await store.appendOp(a.did, a.genesis);
    await store.appendOp(a.did, await updateHandleOp(a.genesis, a.rotation[1], "count-a2.test"));
    expect(store.didCount()).toBe(1);
    const b = await newIdentity("count-b.test");
    await store.appendOp(b.did, b.genesis);
    await expect(store.appendOp(b.did, b.genesis)).rejects.toMatchObject({ reason: "duplicate" });
    expect(store.didCount()).toBe(2);
    store.close();
  });

  it("/readyz follows the database while /healthz and /_health keep answering", async () => {
    const lines: Record<string, unknown>[] = [];
    const plc = await start({
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    expect((await getJson(`${plc.url}/readyz`)).body).toEqual({ status: "ready", checks: ["db"] });
    plc.server.store.close();
    const notReady = await getJson(`${plc.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({ error: "NotReady", message: "failing checks: db", failing: ["db"] });
    const live = await getJson(`${plc.url}/healthz`);
    expect(live).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await getJson(`${plc.url}/_health`)).status).toBe(503);
    // The reason is in the log, not in the answer.
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "readiness check failed", check: "db", err: expect.any(Object) }),
    );
  });
});
