// The test-side reader of /metrics, against what prom-client writes.
import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { mirroredCounter, mirroredGauge } from "../src/index.ts";
import { parsePrometheusText, sampleValue } from "../src/prometheus-text.ts";

describe("parsePrometheusText", () => {
  it("reads prom-client's samples, escaped label values and histogram buckets included", async () => {
    const registry = new Registry();
    const counter = new Counter({ name: "t_total", help: "h", labelNames: ["k"], registers: [registry] });
    counter.inc({ k: 'a "quoted"\\ value\nwith a newline' }, 3);
    counter.inc({ k: "plain" });
    const hist = new Histogram({ name: "t_seconds", help: "h", buckets: [0.1, 1], registers: [registry] });
    hist.observe(0.5);
    const samples = parsePrometheusText(await registry.metrics());
    expect(sampleValue(samples, "t_total", { k: 'a "quoted"\\ value\nwith a newline' })).toBe(3);
    expect(sampleValue(samples, "t_total", { k: "plain" })).toBe(1);
    expect(sampleValue(samples, "t_seconds_bucket", { le: "0.1" })).toBe(0);
    expect(sampleValue(samples, "t_seconds_bucket", { le: "+Inf" })).toBe(1);
    expect(sampleValue(samples, "t_seconds_sum")).toBe(0.5);
    expect(() => sampleValue(samples, "t_total")).toThrow(/2 samples/);
    expect(() => parsePrometheusText("garbage line here")).toThrow(/not a Prometheus sample/);
  });
});

describe("mirrored metrics", () => {
  it("read the service's own numbers at every scrape; vanished label sets leave the output", async () => {
    const registry = new Registry();
    let upstreams: [string, number][] = [
      ["a", 3],
      ["b", 5],
    ];
    let subscribers = 2;
    mirroredCounter(registry, {
      name: "m_events_total",
      help: "h",
      labelNames: ["upstream"],
      read: () => upstreams.map(([upstream, n]) => [{ upstream }, n] as const),
    });
    mirroredGauge(registry, { name: "m_subscribers", help: "h", read: () => subscribers });
    let samples = parsePrometheusText(await registry.metrics());
    expect(sampleValue(samples, "m_events_total", { upstream: "b" })).toBe(5);
    expect(sampleValue(samples, "m_subscribers")).toBe(2);
    upstreams = [["a", 4]];
    subscribers = 0;
    samples = parsePrometheusText(await registry.metrics());
    expect(sampleValue(samples, "m_events_total", { upstream: "a" })).toBe(4);
    expect(sampleValue(samples, "m_events_total", { upstream: "b" })).toBeUndefined();
    expect(sampleValue(samples, "m_subscribers")).toBe(0);
  });
});
