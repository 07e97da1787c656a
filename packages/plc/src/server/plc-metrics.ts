// The directory's own metrics, beside the process and HTTP ones every service has: operations
// accepted and refused (by reason, every reason present from the start so a rate of refusals reads 0
// rather than nothing), the time an append spends in SQLite, and how many DIDs exist.
import { createMetricsRegistry, mirroredGauge, type ServiceMetrics } from "@atrarium/observability";
import { HTTPException } from "hono/http-exception";
import { Counter, Histogram } from "prom-client";
import { PLC_ERROR_REASONS, PlcOperationError } from "../operations/errors.ts";
import { HttpError } from "./errors.ts";

// Besides the operation rules: a body that is not JSON (invalid-body), one over the size limit
// (too-large), and a failure of ours (internal-error).
const REFUSAL_REASONS = [...PLC_ERROR_REASONS, "invalid-body", "too-large", "internal-error"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface PlcMetrics extends ServiceMetrics {
  operationAccepted(): void;
  operationRefused(reason: RefusalReason): void;
  observeAppendDbSeconds(seconds: number): void;
}

export function createPlcMetrics(didCount: () => number): PlcMetrics {
  const service = createMetricsRegistry();
  const registers = [service.registry];
  const accepted = new Counter({
    name: "plc_operations_accepted_total",
    help: "Operations appended to a DID's log",
    registers,
  });
  const refused = new Counter({
    name: "plc_operations_refused_total",
    help: "Operations refused, by reason (the operation rules, invalid-body, too-large, internal-error)",
    labelNames: ["reason"],
    registers,
  });
  for (const reason of REFUSAL_REASONS) refused.inc({ reason }, 0);
  const appendDb = new Histogram({
    name: "plc_operation_db_seconds",
    help: "Time one append spent in SQLite (reads for validation, the caps' counts, the commit)",
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  mirroredGauge(service.registry, {
    name: "plc_dids",
    help: "DIDs registered in this directory, tombstoned ones included",
    read: didCount,
  });
  return {
    ...service,
    operationAccepted: () => accepted.inc(),
    operationRefused: (reason) => refused.inc({ reason }),
    observeAppendDbSeconds: (seconds) => appendDb.observe(seconds),
  };
}

/** Why a POST of an operation failed, as the refusal counter names it. */
export function refusalReason(err: unknown): RefusalReason {
  if (PlcOperationError.is(err)) return err.reason;
  if (err instanceof HttpError || err instanceof HTTPException) {
    return err.status === 413 ? "too-large" : err.status < 500 ? "invalid-body" : "internal-error";
  }
  return "internal-error";
}
