// @atrarium/observability: what every Node service of ours gives its operator: request ids and one
// log line per request, Prometheus metrics (process, HTTP, the service's own), /metrics behind a token
// or loopback, and liveness/readiness probes.
export { isForwarded, isLoopback } from "./client-address.ts";
export { answerClientErrorsAsJson } from "./client-errors.ts";
export { type HealthRoutesOptions, healthRoutes } from "./health-routes.ts";
export { createLogger, type DestinationStream, type Logger, type LoggerOptions } from "./logger.ts";
export { createMetricsRegistry, type HttpMetrics, type ServiceMetrics } from "./metrics-registry.ts";
export { type MetricsRoutesOptions, metricsRoutes } from "./metrics-route.ts";
export { type Labels, type MirroredMetric, mirroredCounter, mirroredGauge } from "./mirrored-metrics.ts";
export {
  DEFAULT_SLOW_MS,
  type ObserveRequestsOptions,
  observeRequests,
} from "./observe-requests.ts";
export {
  type AccessRequest,
  type ExtraAccess,
  type OperatorAccess,
  type OperatorOnlyOptions,
  operatorAccess,
  operatorOnly,
} from "./operator-access.ts";
export { type ReadinessCheck, type ReadinessResult, runReadinessChecks } from "./readiness.ts";
export { currentRequestId, requestIdMixin, runWithRequestId } from "./request-context.ts";
export { acceptRequestId, REQUEST_ID_HEADER, requestIdFor } from "./request-id.ts";
export { methodLabel, routeLabel, UNMATCHED_ROUTE } from "./route-label.ts";
