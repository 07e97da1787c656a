// Scrapes the PDS's /metrics every POLL_MS while the Overview is open and keeps the last WINDOW
// points, so the charts stay the same size however long the page stays open. The next scrape is only
// scheduled once the previous one has answered, so a slow PDS is never asked twice at once.
import { useEffect, useState } from "react";
import { type AdminApi, type AdminApiError, toAdminApiError } from "./admin-api.ts";
import {
  appendBounded,
  type MetricsPoint,
  type MetricsScrape,
  pointBetween,
  readScrape,
} from "./live-metrics.ts";

export const POLL_MS = 2000;
export const WINDOW = 60;

export interface LiveMetrics {
  points: MetricsPoint[];
  error: AdminApiError | null;
}

export function useLiveMetrics(api: AdminApi): LiveMetrics {
  const [series, setSeries] = useState<{ last: MetricsScrape | null; points: MetricsPoint[] }>({
    last: null,
    points: [],
  });
  const [error, setError] = useState<AdminApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scrape = async () => {
      try {
        const now = readScrape(await api.metricsText(), Date.now());
        if (stopped) return;
        setError(null);
        setSeries(({ last, points }) => ({
          last: now,
          points: last ? appendBounded(points, pointBetween(last, now), WINDOW) : points,
        }));
      } catch (err) {
        if (!stopped) setError(toAdminApiError(err));
      }
      if (!stopped) timer = setTimeout(scrape, POLL_MS);
    };
    void scrape();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);

  return { points: series.points, error };
}
