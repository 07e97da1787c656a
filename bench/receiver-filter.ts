// Receiver stage-1 throughput: JSON.parse + the light filter over a realistic mix of Jetstream
// events (mostly untagged posts), in events per second. Median of several runs.
import { passesLightFilter } from "../apps/atrarium/src/ingest/light-filter.ts";

function sampleEvents(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const tagged = i % 50 === 0;
    const text = tagged
      ? `Tomatoes are ripening in the garden today #atrarium_0badcafe number ${i}`
      : `Just a regular post about the weather and coffee, nothing special here, number ${i}`;
    out.push(
      JSON.stringify({
        did: `did:plc:${(i % 997).toString(36).padStart(24, "a")}`,
        time_us: 1732430000000000 + i,
        kind: "commit",
        commit: {
          rev: `3l${i.toString(36).padStart(11, "a")}`,
          operation: i % 20 === 0 ? "delete" : "create",
          collection: i % 3 === 0 ? "app.bsky.feed.like" : "app.bsky.feed.post",
          rkey: `3l${i.toString(36).padStart(11, "b")}`,
          record: { $type: "app.bsky.feed.post", text, langs: ["en"], createdAt: "2026-11-24T09:00:00.000Z" },
          cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
        },
      }),
    );
  }
  return out;
}

export function receiverFilterEventsPerSecond(runs: number, n = 200_000): number {
  const events = sampleEvents(n);
  const rates: number[] = [];
  let passed = 0;
  for (let r = 0; r < runs + 1; r++) {
    const start = performance.now();
    passed = 0;
    for (const raw of events) if (passesLightFilter(JSON.parse(raw))) passed++;
    const rate = n / ((performance.now() - start) / 1000);
    if (r > 0) rates.push(rate); // the first run warms the JIT
  }
  if (passed === 0) throw new Error("filter passed nothing: the sample is wrong");
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
}
