// Jetstream's /metrics on the shared devnet (no token there: a loopback client reads it): ingest per
// upstream moves as an account's events are stored, and an open subscriber is counted with its lag.
import { type PromSample, parsePrometheusText, sampleValue } from "@atrarium/observability/prometheus-text";
import { createTestAccount, openCollector, subscribeUrl } from "@atrarium/testkit";
import { describe, expect, inject, it } from "vitest";

const { pdsUrl, jetstreamUrl } = inject("devnet");

async function scrape(): Promise<PromSample[]> {
  const res = await fetch(`${jetstreamUrl}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const total = (samples: PromSample[], name: string) =>
  samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);

describe("Jetstream /metrics", () => {
  it("counts ingested events per upstream and open subscribers with their lag", async () => {
    const before = await scrape();
    const sub = await openCollector(subscribeUrl(jetstreamUrl));
    const acct = await createTestAccount(pdsUrl);
    await sub.waitFor((events) => events.filter((e) => e.did === acct.did).length >= 2);

    const after = await scrape();
    sub.close();
    const [upstream] = after.filter((s) => s.name === "jetstream_upstream_connected");
    expect(upstream.value).toBe(1);
    const ingested = (samples: PromSample[]) =>
      sampleValue(samples, "jetstream_events_ingested_total", upstream.labels) ?? 0;
    expect(ingested(after)).toBeGreaterThanOrEqual(ingested(before) + 2);
    expect(sampleValue(after, "jetstream_upstream_cursor", upstream.labels)).toBeGreaterThan(0);
    expect(sampleValue(after, "jetstream_upstream_lag_seconds", upstream.labels)).toBeGreaterThanOrEqual(0);
    const rejected = after.filter((s) => s.name === "jetstream_upstream_rejected_total");
    expect(rejected.map((s) => s.labels.reason).sort()).toEqual(
      [
        "commitsRejected",
        "invalidSkipped",
        "opsUnverified",
        "revForged",
        "revNotIncreasing",
        "syncSkipped",
        "wrongHost",
      ].sort(),
    );
    // The PDS announced the new repo with #sync: skipped, and counted.
    expect(
      sampleValue(after, "jetstream_upstream_rejected_total", { ...upstream.labels, reason: "syncSkipped" }),
    ).toBeGreaterThan(0);

    expect(sampleValue(after, "jetstream_subscribers")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, "jetstream_subscriber_lag_events_max")).toBeGreaterThanOrEqual(0);
    expect(total(after, "jetstream_subscriber_lag_events_count")).toBeGreaterThan(
      total(before, "jetstream_subscriber_lag_events_count"),
    );
    expect(total(after, "jetstream_events_sent_total")).toBeGreaterThanOrEqual(
      total(before, "jetstream_events_sent_total") + 2,
    );
    expect(sampleValue(after, "jetstream_log_events")).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, "jetstream_log_oldest_event_age_seconds")).toBeGreaterThanOrEqual(0);
    const scrapes = { method: "GET", route: "/metrics", status: "200" };
    expect(sampleValue(after, "http_requests_total", scrapes)).toBeGreaterThan(
      sampleValue(before, "http_requests_total", scrapes) ?? 0,
    );
  });
});
