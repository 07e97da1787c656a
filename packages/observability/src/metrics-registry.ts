// One prom-client Registry per service instance, holding the process's default metrics (CPU, memory,
// event loop lag, GC) and the HTTP metrics that observeRequests records. Default metrics are made once
// per process and shared by every registry: they describe the process, and each collectDefaultMetrics
// call would start another event-loop monitor and GC observer that nothing ever stops (tests start
// many servers in one process). Service metrics are registered on the service's registry only, never
// on prom-client's global one, so two instances in one process do not collide.
import { Counter, collectDefaultMetrics, Histogram, type Metric, Registry } from "prom-client";

export interface HttpMetrics {
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
}

export interface ServiceMetrics {
  registry: Registry;
  http: HttpMetrics;
}

let processMetrics: Registry | undefined;

function processMetricsRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export function createMetricsRegistry(): ServiceMetrics {
  const registry = new Registry();
  for (const metric of processMetricsRegistry().getMetricsAsArray()) {
    registry.registerMetric(metric as unknown as Metric);
  }
  const registers = [registry];
  return {
    registry,
    http: {
      requests: new Counter({
        name: "http_requests_total",
        help: "HTTP requests answered, by method, route pattern and status",
        labelNames: ["method", "route", "status"],
        registers,
      }),
      duration: new Histogram({
        name: "http_request_duration_seconds",
        help: "Time from a request's arrival to its response, by method and route pattern",
        labelNames: ["method", "route"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
    },
  };
}
