// The Overview's live charts, from the PDS's own /metrics (which takes the admin's credential): load,
// latency and writes, the firehose, and refusals (rate limits, failed authentication).
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { useAdminApi } from "../lib/admin-session.tsx";
import type { MetricName } from "../lib/live-metrics.ts";
import { POLL_MS, useLiveMetrics, WINDOW } from "../lib/use-live-metrics.ts";
import { ErrorNote } from "./ErrorNote.tsx";
import { LineChart } from "./LineChart.tsx";

interface ChartSpec {
  metric: MetricName;
  title: MessageKey;
  /** Decimals shown: rates of a few per second need two, counts none. */
  decimals: number;
}

const CHARTS: ChartSpec[] = [
  { metric: "requestsPerSecond", title: "live.requestsPerSecond", decimals: 2 },
  { metric: "p95LatencyMs", title: "live.p95LatencyMs", decimals: 1 },
  { metric: "commitsPerSecond", title: "live.commitsPerSecond", decimals: 2 },
  { metric: "subscribers", title: "live.subscribers", decimals: 0 },
  { metric: "backlog", title: "live.backlog", decimals: 0 },
  { metric: "rateLimitHitsPerMinute", title: "live.rateLimitHitsPerMinute", decimals: 1 },
  { metric: "authFailuresPerMinute", title: "live.authFailuresPerMinute", decimals: 1 },
];

export function LiveMetrics() {
  const { t, formatNumber } = useI18n();
  const { points, error } = useLiveMetrics(useAdminApi());
  const rounded = (decimals: number) => (v: number) => formatNumber(Number(v.toFixed(decimals)));
  return (
    <section aria-labelledby="live-metrics-title">
      <h2 id="live-metrics-title">{t("live.title")}</h2>
      <p className="muted">{t("live.window", { seconds: POLL_MS / 1000, count: WINDOW })}</p>
      {error && <ErrorNote error={error} />}
      {!error && points.length === 0 && <p className="muted">{t("live.waiting")}</p>}
      <div className="line-charts">
        {CHARTS.map(({ metric, title, decimals }) => (
          <LineChart
            key={metric}
            name={metric}
            title={t(title)}
            values={points.map((p) => p[metric])}
            slots={WINDOW}
            format={rounded(decimals)}
          />
        ))}
      </div>
    </section>
  );
}
